"""The Qt user interface: thin widgets over app.guide, app.search and app.store."""
