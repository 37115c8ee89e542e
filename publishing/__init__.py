"""Publishing: issues, production files and final metadata, and the static public site."""
