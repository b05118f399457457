"""SKP planning: plans, RHK, indikator, approval workflow, MPH (built in the SKP planning issue)."""
