//! Summaries of the relation matrix that rules read every round, allocation-free. The dynamics
//! step itself (impulses, Ornstein-Uhlenbeck reversion, Marvel et al.'s balance pressure) is
//! `intrigue_balance::relations::step`.

/// Mean regard over ordered pairs, and the share of balanced triangles (Cartwright & Harary 1956:
/// the product of the three signs is positive) in the symmetric part r_ij + r_ji, counting only
/// triangles whose three ties are non-zero (1 when there is none).
pub fn summary(rel: &[f64], n: usize) -> (f64, f64) {
    let mut sum = 0.0;
    for i in 0..n {
        for j in 0..n {
            if i != j {
                sum += rel[i * n + j];
            }
        }
    }
    let mean = if n > 1 {
        sum / (n * (n - 1)) as f64
    } else {
        0.0
    };
    let sym = |i: usize, j: usize| rel[i * n + j] + rel[j * n + i];
    let (mut balanced, mut total) = (0u32, 0u32);
    for i in 0..n {
        for j in i + 1..n {
            let a = sym(i, j);
            if a == 0.0 {
                continue;
            }
            for k in j + 1..n {
                let (b, c) = (sym(j, k), sym(i, k));
                if b == 0.0 || c == 0.0 {
                    continue;
                }
                total += 1;
                if a * b * c > 0.0 {
                    balanced += 1;
                }
            }
        }
    }
    let bal = if total == 0 {
        1.0
    } else {
        balanced as f64 / total as f64
    };
    (mean, bal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarised() {
        // All-positive triangle is balanced; one negative tie makes it unbalanced.
        let mut r = [0.5; 9];
        r[0] = 0.0;
        r[4] = 0.0;
        r[8] = 0.0;
        assert_eq!(summary(&r, 3), (0.5, 1.0));
        r[1] = -0.9;
        r[3] = -0.9;
        assert_eq!(summary(&r, 3).1, 0.0);
    }
}
