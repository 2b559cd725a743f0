"""The scores area: views.py holds its blueprint."""
