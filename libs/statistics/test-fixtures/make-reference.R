# Regenerates the R reference fixtures (*.json beside this file) for libs/statistics.
# The Jest specs only read the JSON; CI has no R.
#
#   apt-get install -y r-base-core r-cran-jsonlite r-cran-metafor r-cran-psych
#   Rscript libs/statistics/test-fixtures/make-reference.R
#
# Made with R 4.2.2, metafor 3.8-1, psych 2.2.9. Data are fixed or drawn with set.seed, and all
# scores are integers or multiples of 0.25 (exact in binary) so that R and JavaScript form
# exactly the same differences.
# distributions.json is made by make-distribution-reference.py (60-digit mpmath), not here.

suppressPackageStartupMessages({
  library(jsonlite)
  library(metafor)
  library(psych)
})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
out <- function(name, x) {
  write_json(x, file.path(here, name), digits = NA, auto_unbox = TRUE, pretty = TRUE)
  cat("wrote", name, "\n")
}
meta <- list(tool = R.version.string, metafor = as.character(packageVersion("metafor")),
             psych = as.character(packageVersion("psych")))

# ---- paired change: everything pairedChange reports, from R's own functions ----
paired_reference <- function(baseline, followUp, higherIsBetter, mcid, reliability, note) {
  d <- if (higherIsBetter) followUp - baseline else baseline - followUp
  n <- length(d)
  desc <- function(x) {
    q <- quantile(x, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
    list(n = length(x), mean = mean(x), sd = sd(x), median = q[2], q1 = q[1], q3 = q[3], iqr = q[3] - q[1])
  }
  tt <- t.test(followUp, baseline, paired = TRUE)  # follow-up − baseline, then orient
  sgn <- if (higherIsBetter) 1 else -1
  ci <- sort(sgn * as.numeric(tt$conf.int))
  nz <- d[d != 0]
  ties <- length(unique(abs(nz))) != length(nz)
  # PRODUCT.md: exact test on the non-zero differences when < 50 remain and none are tied.
  # R's wilcox.test(d) itself would switch to the normal approximation whenever zeros exist, so
  # the zeros are dropped before the call; with ties R picks the normal approximation itself.
  w <- suppressWarnings(wilcox.test(nz, exact = if (length(nz) < 50 && !ties) TRUE else FALSE, correct = TRUE))
  w_r_default <- suppressWarnings(wilcox.test(d))
  dz <- mean(d) / sd(d)
  J <- 1 - 3 / (4 * (n - 1) - 1)
  sediff <- sd(baseline) * sqrt(2) * sqrt(1 - reliability)
  rci <- d / sediff
  list(
    note = note, reference = meta,
    input = list(pairs = lapply(seq_len(n), function(i) list(baseline = baseline[i], followUp = followUp[i])),
                 higherIsBetter = higherIsBetter, mcid = mcid, reliability = reliability),
    expected = list(
      n = n, baseline = desc(baseline), followUp = desc(followUp), change = desc(d),
      meanChange = mean(d), sdChange = sd(d), df = n - 1,
      ciLower = ci[1], ciUpper = ci[2],
      tStatistic = sgn * unname(tt$statistic), tPValue = tt$p.value,
      cohenDz = dz, hedgesG = dz * J,
      wilcoxon = list(nNonZero = length(nz), nZero = sum(d == 0), ties = ties,
                      statistic = unname(w$statistic), pValue = w$p.value,
                      method = if (grepl("exact", w$method)) "EXACT" else "NORMAL_APPROX",
                      rDefaultMethod = w_r_default$method, rDefaultPValue = w_r_default$p.value),
      reliableChange = list(seDiff = sediff,
                            nImproved = sum(rci > 1.96), nUnchanged = sum(abs(rci) <= 1.96),
                            nDeteriorated = sum(rci < -1.96)),
      mcid = list(nReached = sum(d >= mcid), proportionReached = mean(d >= mcid))
    )
  )
}

# n = 2: the smallest sample with a t test (d = 3, 6).
out("paired.n-equals-2.json", paired_reference(c(10, 14), c(13, 20), TRUE, 4, 0.9,
  "n = 2, d = (3, 6); Hedges J = 1 - 3/(4*1 - 1) = 0 so g = 0"))

# RSES-like sum scores 0..30, n = 40, integer: tied and zero differences -> normal approximation.
set.seed(20240611)
base <- pmin(30, pmax(0, round(rnorm(40, 15, 4))))
fu <- pmin(30, pmax(0, base + round(rnorm(40, 2.5, 3))))
out("paired.rses-n40.json", paired_reference(base, fu, TRUE, 3, 0.88,
  "RSES-like integers, n = 40, ties and zeros in d; MCID 3 reached by d >= 3"))

# Higher-is-worse scale (HLD-like), multiples of 0.25, 12 clients, distinct non-zero |d|:
# exact Wilcoxon after the sign is turned.
hb <- c(14.25, 9.5, 18, 11.75, 16.5, 7.25, 20, 12.5, 15, 10.25, 17.75, 13)
hd <- c(-3.25, -1.5, 0.75, -5, -2.25, 1.25, -6.5, -0.5, -4, 2, -7.75, -2.75)
out("paired.higher-is-worse-exact.json", paired_reference(hb, hb + hd, FALSE, 2.5, 0.8,
  "higher is worse: d = baseline - follow-up; 12 distinct |d| -> exact signed-rank"))

# ---- Wilcoxon signed-rank on given differences ----
wilcoxon_case <- function(d, note) {
  nz <- d[d != 0]
  ties <- length(unique(abs(nz))) != length(nz)
  exact <- length(nz) < 50 && !ties
  w <- suppressWarnings(wilcox.test(nz, exact = exact, correct = TRUE))
  list(note = note, differences = I(d),
       expected = list(nNonZero = length(nz), nZero = sum(d == 0), ties = ties,
                       statistic = unname(w$statistic), pValue = w$p.value,
                       method = if (exact) "EXACT" else "NORMAL_APPROX",
                       rMethod = w$method))
}
set.seed(7)
d49 <- sample(c(-1, 1), 49, replace = TRUE, prob = c(0.35, 0.65)) * sample(1:200, 49) / 4
d50 <- sample(c(-1, 1), 50, replace = TRUE, prob = c(0.4, 0.6)) * sample(1:200, 50) / 4
d120 <- round(rnorm(120, 1, 3))           # integers: many ties and zeros
out("wilcoxon.json", list(reference = meta, cases = list(
  wilcoxon_case(c(1.5, -0.5, 2.25, 3, -1, 4.5, 0.75, 6, 2), "exact, n = 9, no ties"),
  wilcoxon_case(c(-2, -3.5, -1, -4, 0.5), "exact, mostly negative, V small"),
  wilcoxon_case(c(2.5), "exact, single non-zero difference: p = 1"),
  wilcoxon_case(c(1, 2, 3, 4, 5, 6), "exact, all positive: p = 2/2^6"),
  wilcoxon_case(c(0, 1.5, -0.25, 0, 3, 2, -1, 4, 0), "zeros dropped, rest untied: exact on 6 (R's wilcox.test(d) would use the normal approximation)"),
  wilcoxon_case(c(1, 2, 2, -3, 4, 4, 4, 5, -1, 6), "ties, small n: normal approximation with tie and continuity correction"),
  wilcoxon_case(c(2, 2, 2, 2), "all tied (and SD 0)"),
  wilcoxon_case(c(3, -3, 3, -3, 3, 3), "all |d| tied, mixed signs"),
  wilcoxon_case(d49, "49 untied non-zero differences: still exact"),
  wilcoxon_case(d50, "50 untied: normal approximation"),
  wilcoxon_case(d120, "n = 120 integers with ties and zeros: normal approximation")
)))

# ---- quantiles: R type 7 (= PostgreSQL percentile_cont) ----
probs <- c(0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)
qcase <- function(x) list(values = I(x), probs = probs, quantiles = quantile(x, probs, type = 7, names = FALSE),
                          mean = mean(x), sd = if (length(x) > 1) sd(x) else NULL)
out("quantiles.json", list(reference = meta, cases = list(
  qcase(c(3, 1)), qcase(c(5, 1, 4)), qcase(c(2, 9, 4, 7)), qcase(c(10, 10, 10, 20, 30)),
  qcase(c(-1.5, 2.25, 0, 7, 3.5, 3.5, 11, -4)), qcase(round(rnorm(25, 50, 12), 2))
)))

# ---- Cronbach's alpha: psych::alpha and the formula ----
alpha_hand <- function(m) { k <- ncol(m); k / (k - 1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m))) }
set.seed(11)
latent <- rnorm(30)
items <- sapply(1:10, function(j) pmin(3, pmax(0, round(1.5 + 0.8 * latent + rnorm(30, 0, 0.7)))))
neg <- cbind(c(0, 1, 2, 3, 1, 2), c(3, 2, 1, 0, 2, 2), c(1, 1, 2, 2, 1, 0))
two <- cbind(c(1, 2, 3, 4), c(2, 2, 4, 3))
acase <- function(m, note) {
  pa <- suppressWarnings(suppressMessages(psych::alpha(as.data.frame(m), check.keys = FALSE, warnings = FALSE)))
  list(note = note, items = unname(split(m, row(m))), alphaFormula = alpha_hand(m),
       alphaPsych = pa$total$raw_alpha)
}
out("cronbach-alpha.json", list(reference = meta, cases = list(
  acase(items, "RSES-like: 30 respondents x 10 items coded 0..3"),
  acase(neg, "negatively correlated items: alpha < 0"),
  acase(two, "two items, four respondents")
)))

# ---- DerSimonian-Laird across clinics, and funnel limits ----
dl_case <- function(clinics, note) {
  n <- sapply(clinics, function(c) length(c$changes))
  s <- sapply(clinics, function(c) if (length(c$changes) > 1) sd(c$changes) else NA)
  inc <- n >= 2 & !is.na(s) & s > 0
  y <- sapply(clinics, function(c) mean(c$changes))[inc]
  v <- (s^2 / n)[inc]
  k <- length(y)
  # by hand
  w <- 1 / v; fixed <- sum(w * y) / sum(w); Q <- sum(w * (y - fixed)^2)
  C <- sum(w) - sum(w^2) / sum(w); tau2 <- max(0, (Q - (k - 1)) / C)
  ws <- 1 / (v + tau2); est <- sum(ws * y) / sum(ws); se <- 1 / sqrt(sum(ws))
  r <- rma(yi = y, vi = v, method = "DL")
  # funnel sigma: pooled within-clinic SD of change over clinics with n >= 2
  sigma <- sqrt(sum(((n - 1) * s^2)[n >= 2]) / sum((n - 1)[n >= 2]))
  z95 <- qnorm(0.975); z998 <- qnorm(0.999)
  list(note = note, reference = meta,
       clinics = clinics,
       expected = list(
         included = sapply(clinics, function(c) c$clinicKey)[inc],
         effects = unname(y), variances = unname(v),
         k = k, estimate = est, se = se, ciLower = est - z95 * se, ciUpper = est + z95 * se,
         zStatistic = est / se, pValue = 2 * pnorm(-abs(est / se)),
         tau2 = tau2, q = Q, df = k - 1, qPValue = pchisq(Q, k - 1, lower.tail = FALSE),
         i2 = max(0, (Q - (k - 1)) / Q), weights = unname(ws / sum(ws)),
         metafor = list(estimate = as.numeric(r$b), se = r$se, ciLower = r$ci.lb, ciUpper = r$ci.ub,
                        zStatistic = r$zval, pValue = r$pval, tau2 = r$tau2, q = r$QE, qPValue = r$QEp,
                        i2Percent = r$I2),
         sigma = sigma,
         funnel = lapply(seq_along(clinics), function(i) list(
           clinicKey = clinics[[i]]$clinicKey, n = n[i],
           lower95 = est - z95 * sigma / sqrt(n[i]), upper95 = est + z95 * sigma / sqrt(n[i]),
           lower998 = est - z998 * sigma / sqrt(n[i]), upper998 = est + z998 * sigma / sqrt(n[i])))
       ))
}
set.seed(3)
cl <- function(key, x) list(clinicKey = key, changes = I(x))
out("dersimonian-laird.three-clinics.json", dl_case(list(
  cl("A", round(rnorm(18, 2, 3))), cl("B", round(rnorm(25, 5, 3.5))), cl("C", round(rnorm(12, 0.5, 2.5))),
  cl("D", c(4)), cl("E", c(2, 2, 2))
), "three clinics pooled with heterogeneity; D (one client) and E (SD 0) excluded"))
out("dersimonian-laird.homogeneous.json", dl_case(list(
  cl("A", c(1, 3, 2, 4, 2, 3)), cl("B", c(2, 3, 1, 3, 2, 4, 3)), cl("C", c(3, 2, 2, 4, 1))
), "Q < df: tau2 truncated at 0, I2 = 0 (fixed-effect answer)"))

# ---- R's own distribution values, 17 significant digits (a second reference beside mpmath) ----
g17 <- function(v) sprintf("%.17g", v)
rd <- list(reference = meta, tQuantile = list(), tCdf = list(), normalQuantile = list(), normalCdf = list())
for (df in c(1:10, 20, 30, 100, 1000)) rd$tQuantile[[length(rd$tQuantile) + 1]] <- list(p = 0.975, df = df, value = g17(qt(0.975, df)))
for (a in list(c(0.995, 3), c(0.001, 12), c(0.9, 49))) rd$tQuantile[[length(rd$tQuantile) + 1]] <- list(p = a[1], df = a[2], value = g17(qt(a[1], a[2])))
for (a in list(c(-2, 5), c(-3.5, 12), c(-1.2, 1), c(-6, 39), c(0.7, 8))) rd$tCdf[[length(rd$tCdf) + 1]] <- list(x = a[1], df = a[2], value = g17(pt(a[1], a[2])))
for (p in c(0.975, 0.999, 0.995, 0.025, 1e-10, 1e-20)) rd$normalQuantile[[length(rd$normalQuantile) + 1]] <- list(p = p, value = g17(qnorm(p)))
for (x in c(-1.96, -8, -20, 0.5)) rd$normalCdf[[length(rd$normalCdf) + 1]] <- list(x = x, value = g17(pnorm(x)))
out("distributions.r.json", rd)
