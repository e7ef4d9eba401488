#include "vtkScoreFieldSampleSource.h"

#include "ScoreFieldEngine.h"

#include "vtkImageData.h"
#include "vtkInformationVector.h"
#include "vtkObjectFactory.h"
#include "vtkPointData.h"

vtkStandardNewMacro(vtkScoreFieldSampleSource);

vtkScoreFieldSampleSource::vtkScoreFieldSampleSource()
{
  this->SetNumberOfInputPorts(0);
}

int vtkScoreFieldSampleSource::RequestData(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkImageData* output = vtkImageData::GetData(outputVector);
  output->Initialize();
  Run run;
  if (!this->OpenModel(run, 0))
  {
    return 1; // reported by OpenModel; the output stays empty
  }
  std::string ignored;
  const auto* api = scorefield_plugin::Engine(ignored);
  const int n = this->Resolution;
  Ensemble ensemble;
  double seconds = 0.0;
  const int status = this->DrawEnsemble(
    n,
    [&](const sf_sample_options* options, float* out)
    { return api->Sample(run.Model, n, this->NumberOfSamples, options, out); },
    "sampling", ensemble, seconds);
  if (status != SF_OK)
  {
    return 1; // reported by DrawEnsemble; the output stays empty
  }
  this->ShapeOutput(output);
  AddEnsembleArrays(ensemble, output->GetPointData());
  this->AddProvenance(output->GetFieldData(), run, seconds);
  return 1;
}
