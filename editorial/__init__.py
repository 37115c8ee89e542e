"""The editors' desk: queues of manuscripts by state, and the manuscript console."""
