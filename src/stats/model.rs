//! The rater model: an additive least-squares fit of every rating,
//!
//! score = mean + ability(candidate) + difficulty(question) + leniency(interviewer) + error,
//!
//! with leniencies and difficulties each summing to zero (unweighted) and abilities too, so that
//! `mean` is the average candidate. Unlike the mean-offset leniency, which compares an interviewer
//! only with whoever sat beside them, the model separates who was interviewed from who
//! interviewed: an interviewer who happens to meet strong candidates is not called lenient.
//!
//! The fit never builds a matrix over candidates: it runs conjugate gradients on the normal
//! equations, each product being one pass over the ratings, so memory and time grow with the
//! number of ratings. Ratings are compact (`u32` ids and a `u8` score) for the same reason.
//!
//! Pure numbers: no files, no printing, never NaN (undefined figures are `None`).

use std::collections::{BTreeSet, HashMap};

/// One rating, as small integers: candidate, question and interviewer numbers, and the score
/// (counted from the bottom of the scale, since only differences matter to the effects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Obs {
    pub candidate: u32,
    pub question: u32,
    pub rater: u32,
    pub score: u8,
}

/// Ratings gathered for the fit candidate by candidate, with question ids numbered, and the
/// scales they were given on (the fit works on one scale).
#[derive(Debug, Default)]
pub struct Design {
    questions: HashMap<String, u32>,
    candidates: u32,
    pub ratings: Vec<Obs>,
    /// Every (min, max) scale seen.
    pub scales: BTreeSet<(i64, i64)>,
}

impl Design {
    /// Numbers a new candidate.
    pub fn next_candidate(&mut self) -> u32 {
        self.candidates += 1;
        self.candidates - 1
    }

    /// Adds a rating of `question` by interviewer number `rater` on a scale starting at `min`.
    pub fn add(&mut self, candidate: u32, rater: u32, question: &str, score: i64, min: i64) {
        let next = u32::try_from(self.questions.len()).unwrap_or(u32::MAX);
        let question = if let Some(&number) = self.questions.get(question) {
            number
        } else {
            self.questions.insert(question.to_owned(), next);
            next
        };
        // Scales have at most 20 levels, so a score counted from the bottom fits a byte.
        let score = u8::try_from((score - min).clamp(0, 255)).unwrap_or(u8::MAX);
        self.ratings.push(Obs {
            candidate,
            question,
            rater,
            score,
        });
    }

    /// Question id to number.
    #[must_use]
    pub fn questions(&self) -> &HashMap<String, u32> {
        &self.questions
    }
}

/// The fitted model. Vectors are indexed by the numbers used in [`Obs`]; an index with no rating
/// has `None` (leniencies) or 0 (abilities, difficulties).
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The average candidate's expected score, in the units of [`Obs::score`].
    pub mean: f64,
    pub abilities: Vec<f64>,
    pub difficulties: Vec<f64>,
    pub leniencies: Vec<Option<f64>>,
    /// Standard error of each leniency (see [`leniency_se`] for the approximation).
    pub leniency_se: Vec<Option<f64>>,
    /// Root mean square residual on the model's residual degrees of freedom; `None` when the
    /// model has as many parameters as ratings.
    pub residual_sd: Option<f64>,
    /// Interviewers linked through shared candidates (directly or through one another), each
    /// group sorted, groups ordered by their first member. One group when the design is connected.
    pub groups: Vec<Vec<u32>>,
    /// Ratings the fit used.
    pub ratings: usize,
}

impl Fit {
    /// Whether every interviewer can be compared with every other.
    #[must_use]
    pub fn connected(&self) -> bool {
        self.groups.len() <= 1
    }

    /// The group (index into `groups`) of an interviewer, if they gave any rating.
    #[must_use]
    pub fn group_of(&self, rater: u32) -> Option<usize> {
        self.groups
            .iter()
            .position(|g| g.binary_search(&rater).is_ok())
    }
}

/// Conjugate gradients stop when the residual of the normal equations is this small relative to
/// their right-hand side: far below any printed digit, and reached in a few dozen passes.
const TOLERANCE: f64 = 1e-13;
/// A bound on the passes over the ratings, so a pathological design cannot hang the command.
const MAX_ITERATIONS: usize = 2_000;
/// Above this many interviewers in one group, the dense interviewer-block inverse behind the
/// standard errors (cubic in the group size) is not attempted and the errors are `None`.
const MAX_SE_GROUP: usize = 1_500;

/// Fits the model to `ratings`. Numbers may be sparse (an unused number is simply absent).
#[must_use]
pub fn fit(ratings: &[Obs]) -> Fit {
    let dims = Dims::of(ratings);
    let groups = rater_groups(ratings, &dims);
    let (mut x, counts) = solve(ratings, &dims);
    let (candidates, questions) = (dims.candidates, dims.questions);
    let (a, rest) = x.split_at_mut(candidates);
    let (d, l) = rest.split_at_mut(questions);

    // The normal equations leave a level per group free (candidates' abilities against the
    // group's leniencies) and one more between abilities and difficulties; the constraints pick
    // the solution whose leniencies sum to zero within each group and difficulties overall.
    let group_of_rater = group_index(&groups, dims.raters);
    let mut candidate_group = vec![usize::MAX; candidates];
    for o in ratings {
        candidate_group[o.candidate as usize] = group_of_rater[o.rater as usize];
    }
    for (g, members) in groups.iter().enumerate() {
        let shift = members.iter().map(|&r| l[r as usize]).sum::<f64>() / members.len() as f64;
        for &r in members {
            l[r as usize] -= shift;
        }
        for (c, ability) in a.iter_mut().enumerate() {
            if candidate_group[c] == g {
                *ability += shift;
            }
        }
    }
    let used_questions: Vec<usize> = (0..questions)
        .filter(|&q| counts.questions[q] > 0)
        .collect();
    if !used_questions.is_empty() {
        let shift = used_questions.iter().map(|&q| d[q]).sum::<f64>() / used_questions.len() as f64;
        for &q in &used_questions {
            d[q] -= shift;
        }
        for (c, ability) in a.iter_mut().enumerate() {
            if counts.candidates[c] > 0 {
                *ability += shift;
            }
        }
    }
    let used_candidates = counts.candidates.iter().filter(|&&n| n > 0).count();
    let mean = if used_candidates == 0 {
        0.0
    } else {
        (0..candidates)
            .filter(|&c| counts.candidates[c] > 0)
            .map(|c| a[c])
            .sum::<f64>()
            / used_candidates as f64
    };
    for (c, ability) in a.iter_mut().enumerate() {
        if counts.candidates[c] > 0 {
            *ability -= mean;
        }
    }

    let rss: f64 = ratings
        .iter()
        .map(|o| {
            let fitted =
                mean + a[o.candidate as usize] + d[o.question as usize] + l[o.rater as usize];
            (f64::from(o.score) - fitted).powi(2)
        })
        .sum();
    let used_raters = counts.raters.iter().filter(|&&n| n > 0).count();
    let used_questions = used_questions.len();
    // Free parameters: every effect, less one level per group and one for the difficulties.
    let parameters = (used_candidates + used_questions + used_raters + 1)
        .saturating_sub(1 + groups.len() + usize::from(used_questions > 0));
    let residual_df = ratings.len().saturating_sub(parameters);
    let residual_sd = (residual_df > 0).then(|| (rss / residual_df as f64).sqrt());
    let leniency_se = leniency_se(ratings, &dims, &groups, residual_sd);
    let leniencies = (0..dims.raters)
        .map(|r| (counts.raters[r] > 0).then_some(l[r]))
        .collect();
    Fit {
        mean,
        abilities: a.to_vec(),
        difficulties: d.to_vec(),
        leniencies,
        leniency_se,
        residual_sd,
        groups,
        ratings: ratings.len(),
    }
}

/// How many numbers of each kind the ratings use (largest + 1).
#[derive(Debug, Clone, Copy)]
struct Dims {
    candidates: usize,
    questions: usize,
    raters: usize,
}

impl Dims {
    fn of(ratings: &[Obs]) -> Dims {
        let bound =
            |f: fn(&Obs) -> u32| ratings.iter().map(|o| f(o) as usize + 1).max().unwrap_or(0);
        Dims {
            candidates: bound(|o| o.candidate),
            questions: bound(|o| o.question),
            raters: bound(|o| o.rater),
        }
    }
}

/// Ratings per candidate, question and interviewer: the diagonal of the normal equations.
struct Counts {
    candidates: Vec<u32>,
    questions: Vec<u32>,
    raters: Vec<u32>,
}

/// Xᵀ(X v) for the design X of `ratings`, with v = [abilities, difficulties, leniencies].
fn normal_product(ratings: &[Obs], dims: &Dims, vector: &[f64], out: &mut [f64]) {
    out.fill(0.0);
    let (q0, r0) = (dims.candidates, dims.candidates + dims.questions);
    for o in ratings {
        let (c, q, r) = (
            o.candidate as usize,
            q0 + o.question as usize,
            r0 + o.rater as usize,
        );
        let fitted = vector[c] + vector[q] + vector[r];
        out[c] += fitted;
        out[q] += fitted;
        out[r] += fitted;
    }
}

/// Solves the normal equations `XᵀX v = Xᵀy` by conjugate gradients preconditioned with their
/// diagonal (Jacobi). The system is singular (the levels the constraints fix), but consistent,
/// and CG started from zero stays on the solutions; the caller applies the constraints.
fn solve(ratings: &[Obs], dims: &Dims) -> (Vec<f64>, Counts) {
    let size = dims.candidates + dims.questions + dims.raters;
    let (q0, r0) = (dims.candidates, dims.candidates + dims.questions);
    let mut rhs = vec![0.0; size];
    let mut diagonal = vec![0u32; size];
    for o in ratings {
        let y = f64::from(o.score);
        for i in [
            o.candidate as usize,
            q0 + o.question as usize,
            r0 + o.rater as usize,
        ] {
            rhs[i] += y;
            diagonal[i] += 1;
        }
    }
    let inverse: Vec<f64> = diagonal
        .iter()
        .map(|&d| if d == 0 { 0.0 } else { 1.0 / f64::from(d) })
        .collect();
    let mut solution = vec![0.0; size];
    let mut residual = rhs.clone();
    let mut preconditioned: Vec<f64> = residual.iter().zip(&inverse).map(|(r, m)| r * m).collect();
    let mut direction = preconditioned.clone();
    let mut product = vec![0.0; size];
    let mut rz: f64 = dot(&residual, &preconditioned);
    let limit = TOLERANCE * dot(&rhs, &rhs).sqrt();
    for _ in 0..MAX_ITERATIONS {
        if dot(&residual, &residual).sqrt() <= limit || rz <= 0.0 {
            break;
        }
        normal_product(ratings, dims, &direction, &mut product);
        let curvature = dot(&direction, &product);
        if curvature <= 0.0 {
            break;
        }
        let step = rz / curvature;
        for i in 0..size {
            solution[i] += step * direction[i];
            residual[i] -= step * product[i];
            preconditioned[i] = residual[i] * inverse[i];
        }
        let next = dot(&residual, &preconditioned);
        let beta = next / rz;
        rz = next;
        for (d, z) in direction.iter_mut().zip(&preconditioned) {
            *d = z + beta * *d;
        }
    }
    let counts = Counts {
        candidates: diagonal[..q0].to_vec(),
        questions: diagonal[q0..r0].to_vec(),
        raters: diagonal[r0..].to_vec(),
    };
    (solution, counts)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The representative of `i`'s set, halving the path on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Union-find over interviewers: two are joined when they rated the same candidate.
fn rater_groups(ratings: &[Obs], dims: &Dims) -> Vec<Vec<u32>> {
    let mut parent: Vec<usize> = (0..dims.raters).collect();
    let mut first_rater = vec![usize::MAX; dims.candidates];
    let mut rated = vec![false; dims.raters];
    for o in ratings {
        let (c, r) = (o.candidate as usize, o.rater as usize);
        rated[r] = true;
        if first_rater[c] == usize::MAX {
            first_rater[c] = r;
            continue;
        }
        let (x, y) = (root(&mut parent, first_rater[c]), root(&mut parent, r));
        if x != y {
            parent[x.max(y)] = x.min(y);
        }
    }
    let mut by_root: Vec<Vec<u32>> = vec![Vec::new(); dims.raters];
    for (r, &has_ratings) in rated.iter().enumerate() {
        if has_ratings {
            let top = root(&mut parent, r);
            by_root[top].push(u32::try_from(r).unwrap_or(u32::MAX));
        }
    }
    // Members are pushed in increasing order, so each group is sorted and groups come ordered
    // by their first member once empty slots are dropped.
    let mut groups: Vec<Vec<u32>> = by_root.into_iter().filter(|g| !g.is_empty()).collect();
    groups.sort_by_key(|g| g[0]);
    groups
}

fn group_index(groups: &[Vec<u32>], raters: usize) -> Vec<usize> {
    let mut index = vec![usize::MAX; raters];
    for (g, members) in groups.iter().enumerate() {
        for &r in members {
            index[r as usize] = g;
        }
    }
    index
}

/// Standard error of each leniency.
///
/// The exact errors would need the inverse of the whole normal matrix, which is as large as the
/// number of candidates. The approximation: absorb the candidate effects (each candidate's
/// ratings are centred on their own mean, which is exact for the interviewer block), treat
/// question difficulties as known, and invert the interviewer block that remains,
/// `M = diag(n_r) − Σ_c n_cr n_cs / n_c`, which is as small as the number of interviewers. Within a
/// group M is singular along the all-ones direction, which the sum-to-zero constraint removes:
/// the constrained covariance is `σ² M⁺`, with `M⁺ = (M + 11ᵀ/k)⁻¹ − 11ᵀ/k` for a group of k. Treating
/// difficulties as known slightly understates the error when interviewers meet very different
/// questions; with the usual balanced plans the difference is small.
fn leniency_se(
    ratings: &[Obs],
    dims: &Dims,
    groups: &[Vec<u32>],
    sigma: Option<f64>,
) -> Vec<Option<f64>> {
    let mut se = vec![None; dims.raters];
    let Some(sigma) = sigma else {
        return se;
    };
    // Ratings per (candidate, interviewer), gathered by candidate without sorting the ratings.
    let mut per_candidate: Vec<Vec<(u32, u32)>> = vec![Vec::new(); dims.candidates];
    for o in ratings {
        let cell = &mut per_candidate[o.candidate as usize];
        match cell.iter_mut().find(|(r, _)| *r == o.rater) {
            Some((_, n)) => *n += 1,
            None => cell.push((o.rater, 1)),
        }
    }
    let index = group_index(groups, dims.raters);
    let mut position = vec![0usize; dims.raters];
    for members in groups {
        for (i, &r) in members.iter().enumerate() {
            position[r as usize] = i;
        }
    }
    let mut blocks: Vec<Vec<f64>> = groups
        .iter()
        .map(|g| {
            if g.len() <= MAX_SE_GROUP {
                vec![0.0; g.len() * g.len()]
            } else {
                Vec::new()
            }
        })
        .collect();
    for cell in &per_candidate {
        let Some(&(first, _)) = cell.first() else {
            continue;
        };
        let g = index[first as usize];
        let k = groups[g].len();
        let block = &mut blocks[g];
        if block.is_empty() {
            continue;
        }
        let total: f64 = cell.iter().map(|&(_, n)| f64::from(n)).sum();
        for &(r, nr) in cell {
            let i = position[r as usize];
            block[i * k + i] += f64::from(nr);
            for &(s, ns) in cell {
                let j = position[s as usize];
                block[i * k + j] -= f64::from(nr) * f64::from(ns) / total;
            }
        }
    }
    for (members, mut block) in groups.iter().zip(blocks) {
        let k = members.len();
        if block.is_empty() {
            continue;
        }
        if k == 1 {
            // A lone interviewer's leniency is 0 by the constraint, not by measurement: no
            // error is given rather than a misleading 0.
            continue;
        }
        let j = 1.0 / k as f64;
        for value in &mut block {
            *value += j;
        }
        let Some(inverse) = invert(&block, k) else {
            continue;
        };
        for (i, &r) in members.iter().enumerate() {
            let variance = inverse[i * k + i] - j;
            se[r as usize] = (variance >= 0.0).then(|| sigma * variance.sqrt());
        }
    }
    se
}

/// The inverse of a k x k row-major matrix by Gauss-Jordan elimination with partial pivoting, or
/// `None` when it is (numerically) singular.
fn invert(matrix: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut a = matrix.to_vec();
    let mut inv = vec![0.0; k * k];
    for i in 0..k {
        inv[i * k + i] = 1.0;
    }
    let scale = a.iter().fold(0.0_f64, |m, v| m.max(v.abs())).max(1.0);
    for col in 0..k {
        let pivot =
            (col..k).max_by(|&x, &y| a[x * k + col].abs().total_cmp(&a[y * k + col].abs()))?;
        if a[pivot * k + col].abs() <= 1e-12 * scale {
            return None;
        }
        if pivot != col {
            for c in 0..k {
                a.swap(pivot * k + c, col * k + c);
                inv.swap(pivot * k + c, col * k + c);
            }
        }
        let p = a[col * k + col];
        for c in 0..k {
            a[col * k + c] /= p;
            inv[col * k + c] /= p;
        }
        for row in 0..k {
            if row == col {
                continue;
            }
            let factor = a[row * k + col];
            if factor == 0.0 {
                continue;
            }
            for c in 0..k {
                a[row * k + c] -= factor * a[col * k + c];
                inv[row * k + c] -= factor * inv[col * k + c];
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
#[path = "model_tests.rs"]
pub(crate) mod tests;
