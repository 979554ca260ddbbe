"""One analysis per module, each running the one model (:mod:`peerlib.core.model`) and returning a result."""
