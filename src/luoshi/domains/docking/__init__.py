"""National policy docking (政策对接): each national measure and the province's answer."""
