/**
 * @class   vtkScoreFieldObservationSampler
 * @brief   Samples of a field on a square 2-D grid given its values at scattered points.
 *
 * Input: points (vtkPolyData or any vtkPointSet) with a scalar point array of observed values.
 * Each point goes to the nearest point of the target grid (vtkScoreFieldGridAlgorithm), periodic
 * (as `scorefield condition` maps CSV observations on the unit torus); two observations on one grid
 * point are an error. Output: that grid with sample_0..K-1, mean, std and observed_mask (1 where
 * observed).
 */
#ifndef vtkScoreFieldObservationSampler_h
#define vtkScoreFieldObservationSampler_h

#include "ScoreFieldFiltersModule.h"
#include "vtkScoreFieldGridAlgorithm.h"

class SCOREFIELDFILTERS_EXPORT vtkScoreFieldObservationSampler : public vtkScoreFieldGridAlgorithm
{
public:
  static vtkScoreFieldObservationSampler* New();
  vtkTypeMacro(vtkScoreFieldObservationSampler, vtkScoreFieldGridAlgorithm);

protected:
  vtkScoreFieldObservationSampler();
  ~vtkScoreFieldObservationSampler() override = default;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  int RequestUpdateExtent(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

private:
  vtkScoreFieldObservationSampler(const vtkScoreFieldObservationSampler&) = delete;
  void operator=(const vtkScoreFieldObservationSampler&) = delete;
};

#endif
