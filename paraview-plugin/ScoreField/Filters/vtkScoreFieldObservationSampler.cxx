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
  if (!array || array->GetNumberOfComponents() != 1 ||
    array->GetNumberOfTuples() != input->GetNumberOfPoints())
  {
    return this->Refuse(
      "the observations need a scalar point array of observed values; pick one as "
      "Input Array (the input has " +
      std::to_string(input->GetPointData()->GetNumberOfArrays()) + " point arrays)");
  }
  const int n = this->Resolution;
  const vtkIdType count = input->GetNumberOfPoints();
  if (count == 0)
  {
    return this->Refuse("the input holds no points, so there is nothing to condition on");
  }
  std::vector<float> values(static_cast<size_t>(n) * n, 0.0f), mask(values.size(), 0.0f);
  const auto cell = [this, n](double coordinate, double origin)
  {
    const auto i =
      static_cast<long long>(std::llround((coordinate - origin) / this->DomainSize * n));
    return static_cast<int>(((i % n) + n) % n); // periodic domain
  };
  for (vtkIdType p = 0; p < count; ++p)
  {
    double x[3];
    input->GetPoint(p, x);
    const double v = array->GetComponent(p, 0);
    if (!std::isfinite(v) || !std::isfinite(x[0]) || !std::isfinite(x[1]))
    {
      return this->Refuse(
        "observation " + std::to_string(p) + " has a NaN or Inf value or position; drop it");
    }
    const int ix = cell(x[0], this->Origin[0]), iy = cell(x[1], this->Origin[1]);
    const size_t k = static_cast<size_t>(iy) * n + ix;
    if (mask[k] > 0)
    {
      return this->Refuse("observations " + std::to_string(p) +
        " and an earlier one fall on the same grid point (" + std::to_string(ix) + ", " +
        std::to_string(iy) + ") of the " + std::to_string(n) +
        "^2 grid; average them or raise Resolution");
    }
    values[k] = static_cast<float>(v);
    mask[k] = 1.0f;
  }

  Run run;
  if (!this->OpenModel(run, 2))
  {
    return 1; // reported by OpenModel; the output stays empty
  }
  std::string ignored;
  const auto* api = scorefield_plugin::Engine(ignored);
  Ensemble ensemble;
  double seconds = 0.0;
  const int status = this->DrawEnsemble(
    n,
    [&](const sf_sample_options* options, float* out)
    {
      return api->ConditionObservations(
        run.Model, values.data(), mask.data(), n, this->NumberOfSamples, options, out);
    },
    "conditional sampling", ensemble, seconds);
  if (status != SF_OK)
  {
    return 1; // reported by DrawEnsemble; the output stays empty
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
