"""Kanwu's shell: the app factory naming every package, its commands and the Celery entry."""
