/**
 * @class   vtkScoreFieldSampleSource
 * @brief   Unconditional samples of a model on a square 2-D grid of any resolution.
 *
 * The grid: see vtkScoreFieldGridAlgorithm. Output arrays: sample_0..K-1, mean, std; field data
 * as for the filters.
 */
#ifndef vtkScoreFieldSampleSource_h
#define vtkScoreFieldSampleSource_h

#include "ScoreFieldFiltersModule.h"
#include "vtkScoreFieldGridAlgorithm.h"

class SCOREFIELDFILTERS_EXPORT vtkScoreFieldSampleSource : public vtkScoreFieldGridAlgorithm
{
public:
  static vtkScoreFieldSampleSource* New();
  vtkTypeMacro(vtkScoreFieldSampleSource, vtkScoreFieldGridAlgorithm);

protected:
  vtkScoreFieldSampleSource();
  ~vtkScoreFieldSampleSource() override = default;

  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

private:
  vtkScoreFieldSampleSource(const vtkScoreFieldSampleSource&) = delete;
  void operator=(const vtkScoreFieldSampleSource&) = delete;
};

#endif
