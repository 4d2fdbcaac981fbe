"""Regenerates distributions.json: t and normal quantiles and CDFs to 25 significant digits,
computed with mpmath at 60 decimal digits (independent of any double-precision library).

    python3 -m pip install mpmath      # 1.3.0 used
    python3 libs/statistics/test-fixtures/make-distribution-reference.py

Each probability p and point x is a double; mpmath converts doubles exactly, so the reference is
the true value of the function at that double.
"""
import json
import os
import random

import mpmath as mp

mp.mp.dps = 60


def t_cdf(x, nu):
    x, nu = mp.mpf(x), mp.mpf(nu)
    if x == 0:
        return mp.mpf(1) / 2
    tail = mp.betainc(nu / 2, mp.mpf(1) / 2, 0, nu / (nu + x * x), regularized=True) / 2
    return tail if x < 0 else 1 - tail


def t_pdf(x, nu):
    n = mp.mpf(nu)
    return mp.gamma((n + 1) / 2) / (mp.sqrt(n * mp.pi) * mp.gamma(n / 2)) * (1 + x * x / n) ** (-(n + 1) / 2)


def t_quantile(p, nu):
    p = mp.mpf(p)
    if p == mp.mpf(1) / 2:
        return mp.mpf(0)
    lo, hi = (mp.mpf(0), mp.mpf(1)) if p > 0.5 else (mp.mpf(-1), mp.mpf(0))
    while p > 0.5 and t_cdf(hi, nu) < p:
        hi *= 2
    while p < 0.5 and t_cdf(lo, nu) > p:
        lo *= 2
    for _ in range(60):  # bisection to a good start, then Newton
        mid = (lo + hi) / 2
        if t_cdf(mid, nu) < p:
            lo = mid
        else:
            hi = mid
    x = (lo + hi) / 2
    for _ in range(8):
        x -= (t_cdf(x, nu) - p) / t_pdf(x, nu)
    assert abs(t_cdf(x, nu) - p) < mp.mpf(10) ** -30 * p, (p, nu)
    return x


def normal_quantile(p):
    p = mp.mpf(p)
    if p == mp.mpf(1) / 2:
        return mp.mpf(0)
    if p > 0.5:
        return -normal_quantile(1 - p)
    x = -mp.sqrt(-2 * mp.log(p))
    for _ in range(200):  # Newton on log Phi(x) = log p; erfc keeps the far tail exact
        cdf = mp.erfc(-x / mp.sqrt(2)) / 2
        pdf = mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)
        step = (mp.log(cdf) - mp.log(p)) * cdf / pdf
        x -= step
        if abs(step) < mp.mpf(10) ** -50 * abs(x):
            break
    return x


def normal_cdf(x):
    return mp.erfc(-mp.mpf(x) / mp.sqrt(2)) / 2


s = lambda v: mp.nstr(v, 25)
random.seed(1)
out = {"tool": "mpmath %s, 60 decimal digits" % mp.__version__,
       "tQuantile": [], "tCdf": [], "normalQuantile": [], "normalCdf": []}

dfs = [1, 2, 3, 4, 5, 7, 9, 10, 15, 17, 20, 29, 30, 49, 50, 99, 100, 250, 1000, 10000, 100000, 1e6, 1e7]
ps = [1e-8, 1e-6, 1e-4, 0.001, 0.0025, 0.005, 0.025, 0.05, 0.1, 0.4, 0.6, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9999]
xs = [-40, -10, -5, -3, -2, -1.96, -1, -0.5, -0.01, 0.3, 1, 2, 4]
for nu in dfs:
    for p in ps + [random.random() for _ in range(4)]:
        out["tQuantile"].append({"p": p, "df": nu, "value": s(t_quantile(p, nu))})
    for x in xs:
        out["tCdf"].append({"x": x, "df": nu, "value": s(t_cdf(x, nu))})
for nu in [1, 3, 8]:
    for x in [-1e3, -1e5, -1e10]:
        out["tCdf"].append({"x": x, "df": nu, "value": s(t_cdf(x, nu))})

nps = [m * 10.0 ** -k for k in range(1, 300, 3) for m in (1.0, 2.5, 7.3)]
nps += [1 - 10.0 ** -k for k in range(1, 16)] + [1 - 3.7 * 10.0 ** -k for k in range(1, 16)]
nps += [0.5, 0.975, 0.999, 0.995, 0.9] + [random.random() for _ in range(60)]
for p in nps:
    out["normalQuantile"].append({"p": p, "value": s(normal_quantile(p))})
for x in [-37, -30, -20, -15, -12, -10, -8.5, -6, -3.3, -1.96, -1, -0.1, 0, 0.5, 1.959963984540054, 3.090232306167813, 5, 9]:
    out["normalCdf"].append({"x": x, "value": s(normal_cdf(x))})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "distributions.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path, {k: len(v) for k, v in out.items() if isinstance(v, list)})
