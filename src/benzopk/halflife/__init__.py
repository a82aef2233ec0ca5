"""Notebook 02: Half-life basics.

Files: compute (halving, volume and clearance, the hypothetical drug), figures, widget (a
hypothetical drug on a slider), answers. Computation imports only the core (data, model,
timeline, linked); figures and text take computed results, never the dataset. Teaching model —
NOT FOR DOSING.
"""
