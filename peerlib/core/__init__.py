"""The arithmetic: outcome conversions, costs and rebasing, the one model, weighting, meta-analysis, crisis house."""
