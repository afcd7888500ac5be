"""Support items (争取支持事项) agreed with national ministries: asked to landed."""
