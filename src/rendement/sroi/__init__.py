"""SROI practice beside the mBC: reading an SROI impact map into a model."""
