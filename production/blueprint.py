"""The production blueprint, shared by the production pages (views) and the link pages
(links)."""

from flask import Blueprint

bp = Blueprint("production", __name__)
