"""Notebook 01: Why can a long-acting drug still sedate the next morning?.

Files: compute (drugs over nights, with their active metabolites), morning (what is left at
wake-up, per drug), figures, widget (compare drugs), answers. Computation imports only the core
(data, model, timeline, linked); figures and text take computed results, never the dataset.
Teaching model — NOT FOR DOSING.
"""
