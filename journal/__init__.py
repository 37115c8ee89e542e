"""The journal: its profile, columns, guideline pages and their administration."""
