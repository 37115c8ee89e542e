"""Editorial statistics: what the office reports and what editors ask (figures.py defines
each figure; views.py shows them and gives them as CSV)."""
