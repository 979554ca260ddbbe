"""peerlib: costing and weighting logic for the health economics of peer support in mental health care.

Modules, one idea each: ``costs`` (unit costs, peer-worker cost, price years), ``studies`` (study
records from ``data/``), ``ratios`` (bed-days saved, benefit:cost ratio, break-even), ``weighting``
(pooling ratios, meta-analysis of the bed-day difference), ``sensitivity`` (one-way, threshold and
probabilistic analysis), ``crisis_house`` (the Leeds comparison), ``published`` (figures we compare
against), ``plots`` (figures), ``report`` (rows of reports/results.csv), ``explore`` (the explorer's
update step), ``teaching`` (exercise checks), ``cli`` (``python -m peerlib``), ``errors`` (bad-input
errors that name the file, row and column).
"""

__version__ = "0.1.0"
