"""Production after acceptance (录用): the copyright agreement every author signs, the proofs
(校样) the corresponding author approves, and the editors' overrides of either, which keep an
accepted manuscript's production sub-state (submission.states.ProductionStep) up to date."""
