"""The to-do completion API: app.main is the FastAPI application, app.model loads the model."""
