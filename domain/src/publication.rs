//! When a council may be shown new figures: the rule that stops differencing.
//!
//! Councils read dated, immutable publications, never the running tallies. A figure shown
//! twice, before and after one more interview, would give that interview's answer to anyone
//! who knows when it took place, whatever the small-cell rule hides in each table. So a new
//! publication of the same figures (one survey version in one quartier, or one quartier's
//! themes) waits until at least [`suppression::THRESHOLD`] more people are counted than in
//! the last one: any difference between two publications then mixes at least 11 people.
//!
//! The basis is the number of people the figures count: answer sets for a survey, approved
//! testimonies for themes. An erasure lowers it, which only makes the next publication wait
//! longer; a fall and a rise that cancel out never open the door early.

use crate::suppression::THRESHOLD;

/// Why a publication has to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooSoon {
    /// People counted by the last publication.
    pub published: u64,
    /// People counted now.
    pub now: u64,
    /// How many more are needed before the next one.
    pub missing: u64,
}

/// Whether figures counting `now` people may be published after a publication that counted
/// `last` (`None`: never published). The first publication is always allowed (its cells go
/// through the small-cell rule like every table); each later one needs at least
/// [`THRESHOLD`] more people than the last.
pub fn may_publish(last: Option<u64>, now: u64) -> Result<(), TooSoon> {
    let Some(published) = last else {
        return Ok(());
    };
    let refuse = |missing: u64| TooSoon {
        published,
        now,
        missing,
    };
    match published.checked_add(THRESHOLD) {
        Some(needed) if now >= needed => Ok(()),
        Some(needed) => Err(refuse(needed.saturating_sub(now))),
        // No count can be 11 more than this one.
        None => Err(refuse(THRESHOLD)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )]

    use proptest::prelude::*;

    use super::*;
    use crate::suppression::{suppress_cells, Cell};

    #[test]
    fn first_publication_then_eleven_more() {
        assert_eq!(may_publish(None, 0), Ok(()));
        assert_eq!(may_publish(None, 3), Ok(()));
        assert_eq!(
            may_publish(Some(30), 31),
            Err(TooSoon {
                published: 30,
                now: 31,
                missing: 10
            })
        );
        assert!(may_publish(Some(30), 40).is_err());
        assert_eq!(may_publish(Some(30), 41), Ok(()));
        // Erasures lowered the count: wait for 11 more than were published.
        assert_eq!(may_publish(Some(30), 25).unwrap_err().missing, 16);
        assert!(may_publish(Some(u64::MAX), u64::MAX).is_err());
    }

    /// One step of what happens to a survey in a quartier: someone answers (option index),
    /// someone's answers are erased, or a coordinator tries to publish.
    #[derive(Debug, Clone)]
    enum Step {
        Answer(usize),
        Erase(usize),
        Publish,
    }

    fn steps() -> impl Strategy<Value = Vec<Step>> {
        prop::collection::vec(
            prop_oneof![
                8 => (0..4usize).prop_map(Step::Answer),
                1 => (0..64usize).prop_map(Step::Erase),
                2 => Just(Step::Publish),
            ],
            0..400,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Over any sequence of answers, erasures and publication attempts, two publications
        /// never differ by fewer than 11 people: every cell difference between them, and the
        /// total's, mixes the answers of at least 11 people who were not counted before.
        #[test]
        fn no_two_publications_isolate_fewer_than_eleven(steps in steps()) {
            // Each person's answer, in arrival order; erased ones are removed.
            let mut people: Vec<(u64, usize)> = Vec::new();
            let mut next_person = 0u64;
            // Publications: who they counted, and the cells shown.
            let mut published: Vec<(Vec<u64>, Vec<Cell>)> = Vec::new();
            for step in steps {
                match step {
                    Step::Answer(option) => {
                        people.push((next_person, option));
                        next_person += 1;
                    }
                    Step::Erase(at) => {
                        if !people.is_empty() {
                            let at = at % people.len();
                            people.remove(at);
                        }
                    }
                    Step::Publish => {
                        let last = published.last().map(|(who, _)| who.len() as u64);
                        if may_publish(last, people.len() as u64).is_ok() {
                            let mut counts = vec![0u64; 4];
                            for (_, option) in &people {
                                counts[*option] += 1;
                            }
                            let who: Vec<u64> = people.iter().map(|(id, _)| *id).collect();
                            published.push((who, suppress_cells(&counts)));
                        }
                    }
                }
            }
            for pair in published.windows(2) {
                let (before, _) = &pair[0];
                let (after, cells) = &pair[1];
                let newcomers = after.iter().filter(|id| !before.contains(id)).count();
                prop_assert!(
                    newcomers >= THRESHOLD as usize,
                    "{newcomers} new people between two publications"
                );
                // And no shown cell ever counts fewer than 11.
                for cell in cells {
                    if let Cell::Shown(n) = cell {
                        prop_assert!(*n == 0 || *n >= THRESHOLD);
                    }
                }
            }
        }
    }
}
