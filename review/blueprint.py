"""The review blueprint, shared by the reviewer's, the author's and the editor's pages."""

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/review")
