"""The map canvas: a scene of thin items over the model, a view with touch and zoom, tools."""
