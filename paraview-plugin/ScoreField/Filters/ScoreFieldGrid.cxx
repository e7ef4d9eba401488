#include "ScoreFieldGrid.h"

namespace scorefield_plugin
{

ImagePlane FindPlane(const int ext[6], bool cells)
{
  ImagePlane plane;
  plane.Cells = cells;
  int found = 0;
  int counts[3];
  for (int d = 0; d < 3; ++d)
  {
    counts[d] = ext[2 * d + 1] - ext[2 * d] + (cells ? 0 : 1);
    if (ext[2 * d + 1] > ext[2 * d])
    {
      if (found < 2)
      {
        plane.Axes[found] = d;
      }
      ++found;
    }
  }
  if (found != 2)
  {
    plane.Problem = found > 2
      ? "the input is a 3-D image; the models take 2-D fields: extract a slice first (Slice or "
        "Extract Subset with one flat axis)"
      : "the input has fewer than two axes with more than one sample; it needs a 2-D grid";
    return plane;
  }
  plane.Columns = counts[plane.Axes[0]];
  plane.Rows = counts[plane.Axes[1]];
  if (plane.Columns != plane.Rows)
  {
    plane.Problem = "the input is " + std::to_string(plane.Columns) + " x " +
      std::to_string(plane.Rows) +
      "; the models take square periodic grids (crop it with Extract Subset or resample it)";
  }
  return plane;
}

void FineGeometry(const ImagePlane& plane, int n, const int ext[6], const double origin[3],
  const double spacing[3], int fineExt[6], double fineOrigin[3], double fineSpacing[3])
{
  for (int d = 0; d < 3; ++d)
  {
    fineExt[2 * d] = ext[2 * d];
    fineExt[2 * d + 1] = ext[2 * d + 1];
    fineOrigin[d] = origin[d];
    fineSpacing[d] = spacing[d];
  }
  const double factor = static_cast<double>(n) / static_cast<double>(plane.Columns);
  for (int d : plane.Axes)
  {
    fineOrigin[d] = origin[d] + ext[2 * d] * spacing[d];
    fineSpacing[d] = spacing[d] / factor;
    fineExt[2 * d] = 0;
    fineExt[2 * d + 1] = plane.Cells ? n : n - 1;
  }
}

}
