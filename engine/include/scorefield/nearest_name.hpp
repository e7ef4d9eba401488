// The closest of a set of valid names to a misspelt one, for "did you mean" in error messages.
#pragma once

#include <string>
#include <vector>

namespace scorefield {

// Edit (Levenshtein) distance: insertions, deletions and substitutions each cost 1.
int edit_distance(const std::string& a, const std::string& b);

// The candidate nearest to `name`, or "" when none is within a third of its length (a name that
// far off is not a typo, and suggesting something unrelated misleads more than it helps).
std::string nearest_name(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace scorefield
