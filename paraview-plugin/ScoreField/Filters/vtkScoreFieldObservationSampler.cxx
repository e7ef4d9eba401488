#include "vtkScoreFieldObservationSampler.h"

#include "ScoreFieldEngine.h"

#include "vtkDataArray.h"
#include "vtkFloatArray.h"
#include "vtkImageData.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkNew.h"
#include "vtkObjectFactory.h"
#include "vtkPointData.h"
#include "vtkPointSet.h"
#include "vtkStreamingDemandDrivenPipeline.h"

#include <cmath>
#include <vector>

vtkStandardNewMacro(vtkScoreFieldObservationSampler);

vtkScoreFieldObservationSampler::vtkScoreFieldObservationSampler()
{
  this->SetInputArrayToProcess(
    0, 0, 0, vtkDataObject::FIELD_ASSOCIATION_POINTS, vtkDataSetAttributes::SCALARS);
}

int vtkScoreFieldObservationSampler::FillInputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkPointSet");
  return 1;
}

int vtkScoreFieldObservationSampler::RequestUpdateExtent(
  vtkInformation*, vtkInformationVector**, vtkInformationVector*)
{
  return 1; // the input is unstructured: the default (whole piece) is what the model needs
}

int vtkScoreFieldObservationSampler::RequestData(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkPointSet* input = vtkPointSet::GetData(inputVector[0]);
  vtkImageData* output = vtkImageData::GetData(outputVector);
  output->Initialize();
  vtkDataArray* array = this->GetInputArrayToProcess(0, inputVector);
  if (!array || array->GetNumberOfComponents() != 1 || array->GetNumberOfTuples() != input->GetNumberOfPoints())
  {
    vtkErrorMacro(<< "the observations need a scalar point array of observed values; pick one as "
                     "Input Array (the input has "
                  << input->GetPointData()->GetNumberOfArrays() << " point arrays)");
    return 0;
  }
  const int n = this->Resolution;
  const vtkIdType count = input->GetNumberOfPoints();
  if (count == 0)
  {
    vtkErrorMacro(<< "the input holds no points, so there is nothing to condition on");
    return 0;
  }
  std::vector<float> values(static_cast<size_t>(n) * n, 0.0f), mask(values.size(), 0.0f);
  const auto cell = [this, n](double coordinate, double origin) {
    const auto i = static_cast<long long>(std::llround((coordinate - origin) / this->DomainSize * n));
    return static_cast<int>(((i % n) + n) % n); // periodic domain
  };
  for (vtkIdType p = 0; p < count; ++p)
  {
    double x[3];
    input->GetPoint(p, x);
    const double v = array->GetComponent(p, 0);
    if (!std::isfinite(v) || !std::isfinite(x[0]) || !std::isfinite(x[1]))
    {
      vtkErrorMacro(<< "observation " << p << " has a NaN or Inf value or position; drop it");
      return 0;
    }
    const int ix = cell(x[0], this->Origin[0]), iy = cell(x[1], this->Origin[1]);
    const size_t k = static_cast<size_t>(iy) * n + ix;
    if (mask[k] > 0)
    {
      vtkErrorMacro(<< "observations " << p << " and an earlier one fall on the same grid point (" << ix
                    << ", " << iy << ") of the " << n << "^2 grid; average them or raise Resolution");
      return 0;
    }
    values[k] = static_cast<float>(v);
    mask[k] = 1.0f;
  }

  Run run;
  if (!this->OpenModel(run, 2))
  {
    return 0;
  }
  std::string ignored;
  const auto* api = scorefield_plugin::Engine(ignored);
  Ensemble ensemble;
  double seconds = 0.0;
  const int status = this->DrawEnsemble(
    n,
    [&](const sf_sample_options* options, float* out) {
      return api->ConditionObservations(
        run.Model, values.data(), mask.data(), n, this->NumberOfSamples, options, out);
    },
    "conditional sampling", ensemble, seconds);
  if (status != SF_OK)
  {
    return status == SF_ERR_CANCELLED ? 1 : 0;
  }
  this->ShapeOutput(output);
  AddEnsembleArrays(ensemble, output->GetPointData());
  vtkNew<vtkFloatArray> observed;
  observed->SetName("observed_mask");
  observed->SetNumberOfTuples(ensemble.PointsPerSample);
  std::copy(mask.begin(), mask.end(), observed->GetPointer(0));
  output->GetPointData()->AddArray(observed);
  this->AddProvenance(output->GetFieldData(), run, seconds);
  return 1;
}
