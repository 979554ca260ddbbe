"""peerlib: costing and weighting logic for the health economics of peer support in mental health care.

Modules, one idea each: ``outcomes`` (the forms studies report bed use in, and their conversions),
``studies`` (study records and the shared staffing assumption, from ``data/``), ``costs`` (unit
costs, peer-worker cost, price years), ``model`` (the one model: parameters to every study's ratio
and every pooled ratio, vectorised), ``weighting`` (pooling ratios), ``meta`` (pooling the bed-day
difference first), ``sensitivity`` (one-way, two-way, threshold, probabilistic and acceptability
analysis), ``voi`` (value of information), ``crisis_house`` (the Leeds comparison), ``published``
(figures we compare against), ``labels`` (human labels with units), ``plots`` (figures), ``report``
(rows of reports/results.csv), ``explore`` (the explorer's update step), ``teaching`` (exercise
checks), ``cli`` (``python -m peerlib``), ``tables`` and ``errors`` (reading data files; bad-input
errors that name the file, row and column).
"""

__version__ = "0.1.0"
