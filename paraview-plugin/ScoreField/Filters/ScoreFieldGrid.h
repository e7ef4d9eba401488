// How a 2-D vtkImageData maps onto the engine's square periodic grids, shared by the filters.
#ifndef ScoreFieldGrid_h
#define ScoreFieldGrid_h

#include <string>

namespace scorefield_plugin
{

// The plane of a 2-D image: the two axes with more than one sample, and their sample count.
// Samples are points for point data and cells for cell data. Because the third axis has one
// sample, VTK's flat index of sample (column c, row r) is c + columns * r on every plane, which is
// the engine's row-major [row][column] layout.
struct ImagePlane
{
  int Axes[2] = { 0, 1 };
  int Columns = 0;
  int Rows = 0;
  bool Cells = false;
  std::string Problem; // empty when the image is a usable 2-D grid
};

ImagePlane FindPlane(const int wholeExtent[6], bool cells);

// The fine grid's geometry for a coarse plane super-resolved to n x n samples: the first point (or
// cell corner) stays where it was, the spacing shrinks by n / m, the third axis is unchanged.
void FineGeometry(const ImagePlane& plane, int n, const int extent[6], const double origin[3],
  const double spacing[3], int fineExtent[6], double fineOrigin[3], double fineSpacing[3]);

}

#endif
