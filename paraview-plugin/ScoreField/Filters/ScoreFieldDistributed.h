// Super-resolution of an image distributed over MPI ranks (pvbatch, Catalyst): the network needs
// the whole coarse field, so rank 0 gathers the pieces, runs the model for the whole ensemble, and
// sends every rank the part of the fine grid it asked for. The model runs on one rank: the
// ensemble costs the same as in one process, and what grows with the rank count is only the
// gather of the coarse field and the scatter of the fine one (K + 2 arrays of N^2 floats).
#ifndef ScoreFieldDistributed_h
#define ScoreFieldDistributed_h

#include <string>
#include <vector>

class vtkMultiProcessController;

namespace scorefield_plugin
{

// Every rank agrees whether any rank failed; the message of the lowest failing rank is returned
// on all (empty when none failed). Collective.
std::string AgreeOnError(vtkMultiProcessController* controller, const std::string& mine);

// Rank 0 receives the whole coarse grid (row-major, `columns` x `rows`) assembled from every
// rank's point piece `localExtent` of the image whose plane axes are `axes` and whose whole
// extent is `wholeExtent`; other ranks get an empty vector. Collective.
std::vector<float> GatherPlane(vtkMultiProcessController* controller, const int axes[2],
  const int wholeExtent[6], const int localExtent[6], const std::vector<float>& localValues);

// Rank 0 holds `arrays` fields on the whole fine grid (n x n, row-major, whose plane starts at
// index `fineStart` on each plane axis); every rank receives, for each field, the values of its
// own `wantedExtent` (x fastest). Collective.
std::vector<std::vector<float>> ScatterFine(vtkMultiProcessController* controller,
  const int axes[2], const int fineStart[2], int n, const std::vector<std::vector<float>>& arrays,
  int arrayCount, const int wantedExtent[6]);

}

#endif
