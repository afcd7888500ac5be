"""Key projects (重点项目): the pipeline from reserve to operation, monthly reports, investment pace."""
