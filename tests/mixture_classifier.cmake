# The mixture statistic of pipelines/plot_gallery.py (the Bayes classifier of the two Gaussian
# components, fitted to labelled data on the modes of its 32^2 grid) on fresh draws of the same law
# on a 64^2 grid: restricted to those modes, they must be classified by their labels and fall in
# the components' ranges, not between them. The components' log ratios lie about 2000 apart with
# spreads near 100 (docs/results.md), so a wrong label needs a gross error: bound 99% of 256
# fields. A fresh draw lands beyond the most extreme of the 256 reference draws of its component
# with probability about 1/257, i.e. about one field here: bound 3% "between" (8 fields).
# The figure's second statistic, a field's energy on the upper half of the resolved shells: a fresh
# draw falls outside the range of its component's ~256 reference draws with probability about
# 2/257, i.e. about 2 of the 256 fields: bound 95% inside their own component's range (13 out).
# cmake -DCLI=... -DPYTHON=... -DSCRIPT_DIR=... -DDIR=... -P
file(REMOVE_RECURSE ${DIR})
file(MAKE_DIRECTORY ${DIR})
execute_process(COMMAND ${CLI} datagen grf-mixture --resolution 32 --count 512 --seed 11 --out ${DIR}/reference.h5
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CLI} datagen grf-mixture --resolution 64 --count 256 --seed 12 --out ${DIR}/fine.h5
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${PYTHON} -c "
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
from figure_io import read
from plot_gallery import ComponentLaws, upper_shell_energy
ref, ref_labels = read(sys.argv[2]), read(sys.argv[2], 'labels')
fine, fine_labels = read(sys.argv[3]), read(sys.argv[3], 'labels')
laws = ComponentLaws(ref, ref_labels, ref.shape[-1])
ref_llr, llr = laws.log_ratio(ref), laws.log_ratio(fine)
right = np.mean((llr > 0) == (fine_labels == 1))
gap = (ref_llr[ref_labels == 0].max(), ref_llr[ref_labels == 1].min())
between = np.mean((llr > gap[0]) & (llr < gap[1]))
print(f'64^2 draws: {100 * right:.1f}% classified by their labels, {100 * between:.1f}% between {gap[0]:.0f} and {gap[1]:.0f}')
if right < 0.99 or between > 0.03:
    sys.exit('the classifier does not recognise fresh draws of the components on a finer grid')
n = ref.shape[-1]
ref_e, e = upper_shell_energy(ref, n), upper_shell_energy(fine, n)
inside = np.mean([ref_e[ref_labels == c].min() <= v <= ref_e[ref_labels == c].max() for v, c in zip(e, fine_labels)])
print(f'64^2 draws: upper-shell energy inside the reference range of their component for {100 * inside:.1f}%')
if inside < 0.95:
    sys.exit('the small-scale energy of fresh draws does not match their component on a finer grid')
" ${SCRIPT_DIR} ${DIR}/reference.h5 ${DIR}/fine.h5 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mixture classifier check failed (${rc})")
endif()
execute_process(COMMAND ${PYTHON} ${SCRIPT_DIR}/plot_gallery.py mixture ${DIR}/components.png ${DIR}/reference.h5
                        "fresh 64:${DIR}/fine.h5" OUTPUT_VARIABLE out COMMAND_ERROR_IS_FATAL ANY)
if(NOT EXISTS ${DIR}/components.png OR NOT out MATCHES "fresh 64: [0-9]+% classified into component 1.*within a component's data range for [0-9]+%")
  message(FATAL_ERROR "the figure command did not write its figure and summary: ${out}")
endif()
