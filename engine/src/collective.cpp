#include "scorefield/collective.hpp"

namespace scorefield {

const Collective& single_process() {
  static const Collective one;
  return one;
}

}  // namespace scorefield
