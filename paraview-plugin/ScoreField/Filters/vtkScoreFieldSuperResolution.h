/**
 * @class   vtkScoreFieldSuperResolution
 * @brief   Samples of the fine field given a coarse 2-D vtkImageData field.
 *
 * The selected point or cell array of a square 2-D image (any axis-aligned plane) is the coarse
 * field y; the output is the image on the grid UpscaleFactor times finer (or TargetSize samples
 * per side) over the same domain: the first point keeps its position, the spacing is divided by
 * the factor. Arrays sample_0..K-1 are draws from the model's mu(fine | coarse), mean and std
 * their ensemble mean and standard deviation; field data records model, seed, sampler and timings.
 * Every sample restricts to the coarse field on the coarse grid's Fourier modes. Time steps pass
 * through. Equal to `scorefield superres` on the same input, model and seed.
 *
 * ConditioningSize > 0 conditions on the input restricted to that many samples per side (spectral
 * truncation, as the training pairs were made) instead of on the input itself; the fine grid is
 * still UpscaleFactor times the input's. For simulations whose top octave is not physics: a
 * dealiased pseudo-spectral solver damps the shells between 2/3 of its Nyquist and the Nyquist,
 * and a model conditioned on them reads that damping as the flow's small-scale level.
 */
#ifndef vtkScoreFieldSuperResolution_h
#define vtkScoreFieldSuperResolution_h

#include "ScoreFieldFiltersModule.h"
#include "vtkScoreFieldAlgorithm.h"

#include <string>

class SCOREFIELDFILTERS_EXPORT vtkScoreFieldSuperResolution : public vtkScoreFieldAlgorithm
{
public:
  static vtkScoreFieldSuperResolution* New();
  vtkTypeMacro(vtkScoreFieldSuperResolution, vtkScoreFieldAlgorithm);
  void PrintSelf(ostream& os, vtkIndent indent) override;

  ///@{
  /// Fine grid = UpscaleFactor x coarse grid (2, 4, 8, ... up to what the model was trained for).
  vtkSetClampMacro(UpscaleFactor, int, 2, 64);
  vtkGetMacro(UpscaleFactor, int);
  ///@}

  ///@{
  /// Samples per side of the fine grid instead of the factor (0: use UpscaleFactor).
  vtkSetClampMacro(TargetSize, int, 0, 65536);
  vtkGetMacro(TargetSize, int);
  ///@}

  ///@{
  /// Condition on the input restricted to this many samples per side (0: on the input grid itself).
  vtkSetClampMacro(ConditioningSize, int, 0, 65536);
  vtkGetMacro(ConditioningSize, int);
  ///@}

  /// The smallest and largest upscale factor the chosen model was trained with, for the panel's
  /// Upscale Factor range ({2, 16} when no model can be opened; errors are not reported here).
  int* GetModelFactorRange() VTK_SIZEHINT(2);

protected:
  vtkScoreFieldSuperResolution();
  ~vtkScoreFieldSuperResolution() override = default;

  int FillInputPortInformation(int port, vtkInformation* info) override;
  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestUpdateExtent(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

  int UpscaleFactor = 4;
  int ModelFactorRange[2] = { 2, 16 };
  int TargetSize = 0;
  int ConditioningSize = 0;
  // The last warning that the input is unlike the training data (it names the input's mean and
  // spread): reported once per input, not again for each new seed or sample count.
  std::string WarnedUnlike;

private:
  vtkScoreFieldSuperResolution(const vtkScoreFieldSuperResolution&) = delete;
  void operator=(const vtkScoreFieldSuperResolution&) = delete;

  bool SelectedArrayIsCellData();
  int FineSize(int coarse) const;
};

#endif
