/**
 * @class   vtkScoreFieldSampleSource
 * @brief   Unconditional samples of a model on a square 2-D grid of any resolution.
 *
 * The grid has Resolution x Resolution points in the XY plane starting at Origin, with spacing
 * DomainSize / Resolution (the domain is periodic, so the last point lies one spacing short of
 * Origin + DomainSize). Output arrays: sample_0..K-1, mean, std; field data as for the filters.
 */
#ifndef vtkScoreFieldSampleSource_h
#define vtkScoreFieldSampleSource_h

#include "ScoreFieldFiltersModule.h"
#include "vtkScoreFieldAlgorithm.h"

class SCOREFIELDFILTERS_EXPORT vtkScoreFieldSampleSource : public vtkScoreFieldAlgorithm
{
public:
  static vtkScoreFieldSampleSource* New();
  vtkTypeMacro(vtkScoreFieldSampleSource, vtkScoreFieldAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// Points per side.
  vtkSetClampMacro(Resolution, int, 4, 65536);
  vtkGetMacro(Resolution, int);
  ///@}

  ///@{
  /// Position of the first point.
  vtkSetVector3Macro(Origin, double);
  vtkGetVector3Macro(Origin, double);
  ///@}

  ///@{
  /// Side length of the periodic square domain.
  vtkSetClampMacro(DomainSize, double, 1e-12, 1e300);
  vtkGetMacro(DomainSize, double);
  ///@}

protected:
  vtkScoreFieldSampleSource();
  ~vtkScoreFieldSampleSource() override = default;

  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

  int Resolution = 64;
  double Origin[3] = { 0.0, 0.0, 0.0 };
  double DomainSize = 1.0;

private:
  vtkScoreFieldSampleSource(const vtkScoreFieldSampleSource&) = delete;
  void operator=(const vtkScoreFieldSampleSource&) = delete;
};

#endif
