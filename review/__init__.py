"""Peer review (外审) and decisions (终审): rounds, invitations, reviews, decisions, revisions."""
