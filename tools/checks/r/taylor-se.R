# Reference Taylor-linearised standard errors of literacy rates (SDG 4.6.2 style) from a
# stratified cluster household survey, computed with R's survey package, for sdg4's tests.
#
#   Rscript tools/checks/r/taylor-se.R FILE     (FILE: e.g. the output of make-taylor-survey.py)
# Columns used: Weight, Age, Sex (F/M), Area (urban/rural), Quintile (1-5), Stratum, Cluster
# (unique within stratum), Literate (0/1, empty = unknown: outside the denominator).
# Prints CSV `ages,group,estimate,se,n` to stdout for ages 15-24 and 15-120 and groups total, F,
# M, urban, rural, Q1, Q5, GPIA (F over M), LPIA (rural over urban); n = persons of the group with
# known literacy (for an index, the sum over its two groups).
#
# Conventions (docs/methodology.md, "Sampling error"; Wolter ch. 6, as survey::svyratio):
# - rate = 100 Σw·Literate / Σw over the domain's persons with known literacy: a ratio whose
#   domain is a subset of the design, never of the data (PSUs outside a domain count as zeros).
# - PSUs with replacement within strata: V = Σ_h n_h/(n_h−1) Σ_i (z_hi − z̄_h)², with
#   z_hi = (y_hi − R x_hi)/X; a stratum with one PSU adds z_h1² (survey.lonely.psu = "adjust").
# - Adjusted parity index, d over a: d/a if d ≤ a else 2 − a/d (branch chosen by the point
#   estimates), variance by the delta method: svyby(covmat = TRUE) + svycontrast.
# Every number is also recomputed by the hand formula and must agree with survey to 1e-9.
suppressMessages(library(survey))
options(survey.lonely.psu = "adjust")

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: taylor-se.R FILE")
d <- read.csv(args[1], colClasses = c(Sex = "character", Area = "character"))
d$y <- 100 * d$Literate                              # NA where literacy is unknown
des <- svydesign(ids = ~Cluster, strata = ~Stratum, weights = ~Weight, nest = TRUE, data = d)

index <- function(d_, a_) if (d_ <= a_) d_ / a_ else 2 - a_ / d_
groups <- list(total = TRUE, F = quote(Sex == "F"), M = quote(Sex == "M"),
               urban = quote(Area == "urban"), rural = quote(Area == "rural"),
               Q1 = quote(Quintile == 1), Q5 = quote(Quintile == 5))

# --- by hand ------------------------------------------------------------------------------------
psu <- paste(d$Stratum, d$Cluster)                    # a PSU is (stratum, cluster)
# Linearised variable of the domain rate, per person (zero outside the domain).
zdomain <- function(indom) {
    x <- as.numeric(indom & !is.na(d$y)); y <- ifelse(x == 1, d$y, 0)
    X <- sum(d$Weight * x); R <- sum(d$Weight * y) / X
    list(R = R, z = d$Weight * (y - R * x) / X, n = sum(x))
}
vtaylor <- function(z) {
    zc <- tapply(z, psu, sum); st <- tapply(d$Stratum, psu, `[`, 1)
    sum(sapply(split(zc, st), function(zh) {
        nh <- length(zh)
        if (nh == 1) zh^2 else nh / (nh - 1) * sum((zh - mean(zh))^2)   # lonely PSU: z_h1²
    }))
}
hand_index <- function(zd, za) {                      # delta method, adjusted index d over a
    d_ <- zd$R; a_ <- za$R
    fd <- if (d_ <= a_) 1 / a_ else a_ / d_^2; fa <- if (d_ <= a_) -d_ / a_^2 else -1 / d_
    c(index(d_, a_), sqrt(vtaylor(fd * zd$z + fa * za$z)), zd$n + za$n)
}

out <- NULL
for (ages in list(c(15, 24), c(15, 120))) {
    inage <- d$Age >= ages[1] & d$Age <= ages[2]
    # --- survey ---
    da <- subset(des, Age >= ages[1] & Age <= ages[2] & !is.na(y))
    one <- function(g) { s <- svymean(~y, subset(da, eval(g))); c(coef(s), SE(s)) }
    rs <- t(sapply(groups, one))
    idx <- function(by, dn, an) {                     # parity index dn over an
        b <- svyby(~y, by, da, svymean, covmat = TRUE)
        cf <- coef(b); e <- if (cf[[dn]] <= cf[[an]]) bquote(.(as.name(dn)) / .(as.name(an)))
                          else bquote(2 - .(as.name(an)) / .(as.name(dn)))
        s <- svycontrast(b, e); c(coef(s), SE(s))
    }
    rs <- rbind(rs, GPIA = idx(~Sex, "F", "M"), LPIA = idx(~Area, "rural", "urban"))
    # --- by hand ---
    zs <- lapply(groups, function(g) zdomain(inage & with(d, eval(g)) %in% TRUE))
    hs <- t(sapply(zs, function(z) c(z$R, sqrt(vtaylor(z$z)), z$n)))
    hs <- rbind(hs, GPIA = hand_index(zs$F, zs$M), LPIA = hand_index(zs$rural, zs$urban))
    rel <- abs(rs - hs[, 1:2]) / abs(hs[, 1:2])
    if (any(rel > 1e-9)) stop("survey and the hand formula disagree for ages ", ages[1], "-", ages[2],
                              ":\n", paste(capture.output(print(cbind(rs, hs), digits = 17)), collapse = "\n"))
    message(sprintf("ages %g-%g: max rel diff survey vs hand %.2g", ages[1], ages[2], max(rel)))
    out <- rbind(out, data.frame(ages = paste0(ages[1], "-", ages[2]), group = rownames(rs),
                                 estimate = rs[, 1], se = rs[, 2], n = hs[, 3]))
}
f17 <- function(x) vapply(x, format, "", digits = 17)
cat("ages,group,estimate,se,n\n")
cat(paste(out$ages, out$group, f17(out$estimate), f17(out$se), out$n, sep = ",", collapse = "\n"), "\n", sep = "")
