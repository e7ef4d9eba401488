/**
 * @class   vtkScoreFieldGridAlgorithm
 * @brief   A ScoreField algorithm whose output grid is chosen by properties: Resolution x
 *          Resolution points in the XY plane from Origin, spacing DomainSize / Resolution
 *          (a periodic square: the last point lies one spacing short of Origin + DomainSize).
 */
#ifndef vtkScoreFieldGridAlgorithm_h
#define vtkScoreFieldGridAlgorithm_h

#include "ScoreFieldFiltersModule.h"
#include "vtkScoreFieldAlgorithm.h"

class vtkImageData;

class SCOREFIELDFILTERS_EXPORT vtkScoreFieldGridAlgorithm : public vtkScoreFieldAlgorithm
{
public:
  vtkTypeMacro(vtkScoreFieldGridAlgorithm, vtkScoreFieldAlgorithm);
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
  vtkScoreFieldGridAlgorithm() = default;
  ~vtkScoreFieldGridAlgorithm() override = default;

  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  // Gives `output` the grid of the properties.
  void ShapeOutput(vtkImageData* output) const;

  int Resolution = 64;
  double Origin[3] = { 0.0, 0.0, 0.0 };
  double DomainSize = 1.0;

private:
  vtkScoreFieldGridAlgorithm(const vtkScoreFieldGridAlgorithm&) = delete;
  void operator=(const vtkScoreFieldGridAlgorithm&) = delete;
};

#endif
