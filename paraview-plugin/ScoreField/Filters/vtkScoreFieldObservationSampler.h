/**
 * @class   vtkScoreFieldObservationSampler
 * @brief   Samples of a field on a square 2-D grid given its values at scattered points.
 *
 * Input: points (vtkPolyData or any vtkPointSet) with a scalar point array of observed values.
 * Each point goes to the nearest point of the target grid, Resolution x Resolution points in the
 * XY plane from Origin with spacing DomainSize / Resolution, periodic (as `scorefield condition`
 * maps CSV observations on the unit torus); two observations on one grid point are an error.
 * Output: that grid with sample_0..K-1, mean, std and observed_mask (1 where observed).
 */
#ifndef vtkScoreFieldObservationSampler_h
#define vtkScoreFieldObservationSampler_h

#include "ScoreFieldFiltersModule.h"
#include "vtkScoreFieldAlgorithm.h"

class SCOREFIELDFILTERS_EXPORT vtkScoreFieldObservationSampler : public vtkScoreFieldAlgorithm
{
public:
  static vtkScoreFieldObservationSampler* New();
  vtkTypeMacro(vtkScoreFieldObservationSampler, vtkScoreFieldAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// Points per side of the target grid.
  vtkSetClampMacro(Resolution, int, 4, 65536);
  vtkGetMacro(Resolution, int);
  ///@}

  ///@{
  /// Position of the target grid's first point.
  vtkSetVector3Macro(Origin, double);
  vtkGetVector3Macro(Origin, double);
  ///@}

  ///@{
  /// Side length of the periodic square domain.
  vtkSetClampMacro(DomainSize, double, 1e-12, 1e300);
  vtkGetMacro(DomainSize, double);
  ///@}

protected:
  vtkScoreFieldObservationSampler();
  ~vtkScoreFieldObservationSampler() override = default;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestUpdateExtent(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

  int Resolution = 64;
  double Origin[3] = { 0.0, 0.0, 0.0 };
  double DomainSize = 1.0;

private:
  vtkScoreFieldObservationSampler(const vtkScoreFieldObservationSampler&) = delete;
  void operator=(const vtkScoreFieldObservationSampler&) = delete;
};

#endif
