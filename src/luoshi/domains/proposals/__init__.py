"""Suggestions and proposals (人大建议 / 政协提案): assignment, reply, countersigning, rating."""
