# Reference standard errors for SDG 4.1.1 minimum proficiency from an assessment's student file
# (PISA Fay BRR, TIMSS/PIRLS JK2), computed with R's survey + mitools, for sdg4's tests.
#
#   Rscript tools/checks/r/assessment-se.R FILE DESIGN WEIGHT SEX FEMALE MALE CUT PV1,PV2,... [EXPECTED_TOTAL]
#   DESIGN: brr:PREFIX:R:K   (replicate weights PREFIX1..PREFIXR, Fay factor K; PISA brr:W_FSTURWT:80:0.5)
#           jk2:ZONE:REP     (TIMSS/PIRLS JK2, e.g. jk2:JKZONE:JKREP)
# Prints CSV `group,estimate,se,n` (total, F, M, GPIA) to stdout, timings to stderr. With
# EXPECTED_TOTAL, stops unless the total agrees with it to 1e-9 relative.
#
# Conventions (docs/methodology.md, "Sampling error"):
# - p_m = 100 Σw·1[PV_m ≥ cut] / Σw over the domain's students with a non-missing PV_m.
# - V_m = S Σ_r (θ_{m,r} − θ_m)², centred on the full-sample θ_m: survey's mse = TRUE (its
#   default, mse = FALSE, centres on the mean of the replicates instead).
#   Fay BRR: S = 1/(R (1−K)²) (OECD, PISA Data Analysis Manual ch. 4; svrepdesign type "Fay").
#   JK2: per zone h, h+ doubles JKREP = 1 and zeroes JKREP = 0 in h, h− the reverse; S = 1/2
#   over 2 × zones replicates (IEA, TIMSS 2019 Methods and Procedures ch. 14).
# - Rubin's rules over the M plausible values: mitools::MIcombine.
# - Domains (sex) are subsets of the design, never of the data; missing sex counts in the total.
# - GPIA (female d over male a): d/a if d ≤ a else 2 − a/d, per replicate via withReplicates.
# Every number is also recomputed by hand from the replicate-weight matrix and must agree to 1e-9.
suppressMessages({ library(survey); library(mitools) })

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 8) stop("usage: assessment-se.R FILE DESIGN WEIGHT SEX FEMALE MALE CUT PV1,PV2,... [EXPECTED_TOTAL]")
file <- args[1]; spec <- strsplit(args[2], ":")[[1]]; wcol <- args[3]; sexcol <- args[4]
fcode <- args[5]; mcode <- args[6]; cut <- as.numeric(args[7]); pvs <- strsplit(args[8], ",")[[1]]
expected <- if (length(args) >= 9) as.numeric(args[9]) else NA

t0 <- proc.time()[["elapsed"]]
d <- read.csv(file, colClasses = c(setNames("character", sexcol)))
t_read <- proc.time()[["elapsed"]] - t0
sex <- d[[sexcol]]; sex[sex == ""] <- NA
d$.sex <- ifelse(sex %in% fcode, "F", ifelse(sex %in% mcode, "M", NA))
w <- d[[wcol]]

# Replicate weights (full weights already included) and the variance factor S.
if (spec[1] == "brr") {
    R <- as.integer(spec[3]); k <- as.numeric(spec[4])
    repw <- as.matrix(d[paste0(spec[2], seq_len(R))])
    S <- 1 / (R * (1 - k)^2)
    des <- svrepdesign(data = d, weights = w, repweights = repw, type = "Fay", rho = k,
                       combined.weights = TRUE, mse = TRUE)
} else if (spec[1] == "jk2") {
    zone <- d[[spec[2]]]; rep1 <- d[[spec[3]]] == 1
    zones <- sort(unique(zone))                     # zones of the whole file
    repw <- do.call(cbind, lapply(zones, function(h) {
        inh <- zone == h
        cbind(w * ifelse(inh, 2 * rep1, 1),          # h+
              w * ifelse(inh, 2 * !rep1, 1))         # h−
    }))
    S <- 0.5
    des <- svrepdesign(data = d, weights = w, repweights = repw, type = "other",
                       scale = S, rscales = 1, combined.weights = TRUE, mse = TRUE)
} else stop("DESIGN must be brr:PREFIX:R:K or jk2:ZONE:REP")
stopifnot(isTRUE(all.equal(des$scale * rep_len(des$rscales, ncol(repw)), rep(S, ncol(repw)), tolerance = 1e-15)))

gpia <- function(d_, a_) ifelse(d_ <= a_, d_ / a_, 2 - a_ / d_)

# --- survey + mitools -------------------------------------------------------------------------
t1 <- proc.time()[["elapsed"]]
fits <- lapply(pvs, function(pv) {
    ds <- update(des, .y = 100 * (d[[pv]] >= cut))
    ds <- subset(ds, !is.na(.y))                    # students with a score in this PV
    one <- function(dd) { s <- svymean(~.y, dd); c(coef(s), vcov(s)) }
    tot <- one(ds); fe <- one(subset(ds, .sex %in% "F")); ma <- one(subset(ds, .sex %in% "M"))
    gp <- withReplicates(ds, function(ww, dat) {
        f <- dat$.sex %in% "F"; m <- dat$.sex %in% "M"
        gpia(sum(ww[f] * dat$.y[f]) / sum(ww[f]), sum(ww[m] * dat$.y[m]) / sum(ww[m]))
    })
    list(est = c(total = tot[[1]], F = fe[[1]], M = ma[[1]], GPIA = coef(gp)[[1]]),
         var = c(tot[[2]], fe[[2]], ma[[2]], vcov(gp)[[1]]))
})
comb <- lapply(1:4, function(j)
    MIcombine(lapply(fits, function(f) f$est[[j]]), lapply(fits, function(f) f$var[[j]])))
est <- sapply(comb, function(x) coef(x)[[1]]); se <- sapply(comb, function(x) sqrt(vcov(x)[[1]]))
t_survey <- proc.time()[["elapsed"]] - t1

# --- by hand: the formulas of docs/methodology.md -------------------------------------------
t2 <- proc.time()[["elapsed"]]
W <- cbind(w, repw)                                 # column 1: full sample, then replicates
isF <- d$.sex %in% "F"; isM <- d$.sex %in% "M"
th <- lapply(pvs, function(pv) {
    ok <- !is.na(d[[pv]]); y <- 100 * (d[[pv]] >= cut)
    p <- function(sel) colSums(W[sel & ok, , drop = FALSE] * y[sel & ok]) / colSums(W[sel & ok, , drop = FALSE])
    pt <- p(TRUE); pf <- p(isF); pm <- p(isM)
    rbind(pt, pf, pm, gpia(pf, pm))                 # 4 statistics × (1 + replicates)
})
rubin <- function(j) {
    tm <- sapply(th, function(t) t[j, 1])
    vm <- sapply(th, function(t) S * sum((t[j, -1] - t[j, 1])^2))
    c(mean(tm), sqrt(mean(vm) + (1 + 1 / length(tm)) * var(tm)))   # var(): Σ(θ_m − θ̄)²/(M−1)
}
hand <- sapply(1:4, rubin)
t_hand <- proc.time()[["elapsed"]] - t2

rel <- function(x, y) abs(x - y) / pmax(abs(y), 1e-300)
if (any(rel(est, hand[1, ]) > 1e-9) || any(rel(se, hand[2, ]) > 1e-9))
    stop("survey and the hand formula disagree: ", paste(format(rbind(est, se, hand), digits = 17), collapse = " "))
if (!is.na(expected) && rel(est[1], expected) > 1e-9)
    stop("total ", format(est[1], digits = 17), " does not reproduce ", format(expected, digits = 17))

ok1 <- !is.na(d[[pvs[1]]])
n <- c(sum(ok1), sum(ok1 & isF), sum(ok1 & isM)); n <- c(n, n[2] + n[3])
f17 <- function(x) vapply(x, format, "", digits = 17)
cat("group,estimate,se,n\n")
cat(paste(c("total", "F", "M", "GPIA"), f17(est), f17(se), n, sep = ",", collapse = "\n"), "\n", sep = "")
cat(sprintf("%s: read %.3f s, survey+mitools %.3f s, by hand %.3f s; max rel diff est %.2g, se %.2g\n",
            basename(file), t_read, t_survey, t_hand, max(rel(est, hand[1, ])), max(rel(se, hand[2, ]))),
    file = stderr())
