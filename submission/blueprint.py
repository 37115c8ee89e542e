"""The submission blueprint, shared by the author's pages and the co-authors' links."""

from flask import Blueprint

bp = Blueprint("submission", __name__)
