"""Key projects (重点项目): from reserve to operation, monthly reports, investment pace."""
