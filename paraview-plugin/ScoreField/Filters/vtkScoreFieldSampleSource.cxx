#include "vtkScoreFieldSampleSource.h"

#include "ScoreFieldEngine.h"

#include "vtkImageData.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkObjectFactory.h"
#include "vtkPointData.h"
#include "vtkStreamingDemandDrivenPipeline.h"

#include <chrono>

vtkStandardNewMacro(vtkScoreFieldSampleSource);

vtkScoreFieldSampleSource::vtkScoreFieldSampleSource()
{
  this->SetNumberOfInputPorts(0);
}

int vtkScoreFieldSampleSource::RequestInformation(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  const int ext[6] = { 0, this->Resolution - 1, 0, this->Resolution - 1, 0, 0 };
  const double h = this->DomainSize / this->Resolution;
  const double spacing[3] = { h, h, h };
  outInfo->Set(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), ext, 6);
  outInfo->Set(vtkDataObject::ORIGIN(), this->Origin, 3);
  outInfo->Set(vtkDataObject::SPACING(), spacing, 3);
  return 1;
}

int vtkScoreFieldSampleSource::RequestData(
  vtkInformation*, vtkInformationVector**, vtkInformationVector* outputVector)
{
  vtkImageData* output = vtkImageData::GetData(outputVector);
  output->Initialize();
  Run run;
  if (!this->OpenModel(run, 0))
  {
    return 0;
  }
  std::string ignored;
  const auto* api = scorefield_plugin::Engine(ignored);
  const int n = this->Resolution;
  sf_sample_options options;
  this->FillOptions(&options);
  Ensemble ensemble;
  ensemble.Count = this->NumberOfSamples;
  ensemble.PointsPerSample = static_cast<vtkIdType>(n) * n;
  ensemble.Values.resize(static_cast<size_t>(ensemble.Count) * ensemble.PointsPerSample);
  const auto start = std::chrono::steady_clock::now();
  const int status = api->Sample(run.Model, n, ensemble.Count, &options, ensemble.Values.data());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (status != SF_OK)
  {
    this->ReportEngineFailure(status, "sampling");
    return status == SF_ERR_CANCELLED ? 1 : 0;
  }
  const double h = this->DomainSize / n;
  output->SetExtent(0, n - 1, 0, n - 1, 0, 0);
  output->SetOrigin(this->Origin);
  output->SetSpacing(h, h, h);
  AddEnsembleArrays(ensemble, output->GetPointData());
  this->AddProvenance(output->GetFieldData(), run, seconds);
  return 1;
}

void vtkScoreFieldSampleSource::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "Resolution: " << this->Resolution << "\n";
  os << indent << "Origin: " << this->Origin[0] << " " << this->Origin[1] << " " << this->Origin[2] << "\n";
  os << indent << "DomainSize: " << this->DomainSize << "\n";
}
