#include "vtkScoreFieldSuperResolution.h"

#include "ScoreFieldEngine.h"
#include "ScoreFieldGrid.h"

#include "vtkCellData.h"
#include "vtkDataArray.h"
#include "vtkImageData.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkObjectFactory.h"
#include "vtkPointData.h"
#include "vtkStreamingDemandDrivenPipeline.h"

#include <chrono>
#include <cmath>
#include <sstream>
#include <vector>

vtkStandardNewMacro(vtkScoreFieldSuperResolution);

vtkScoreFieldSuperResolution::vtkScoreFieldSuperResolution()
{
  // Default: the input's active point scalars.
  this->SetInputArrayToProcess(
    0, 0, 0, vtkDataObject::FIELD_ASSOCIATION_POINTS, vtkDataSetAttributes::SCALARS);
}

int vtkScoreFieldSuperResolution::FillInputPortInformation(int, vtkInformation* info)
{
  info->Set(vtkAlgorithm::INPUT_REQUIRED_DATA_TYPE(), "vtkImageData");
  return 1;
}

bool vtkScoreFieldSuperResolution::SelectedArrayIsCellData()
{
  vtkInformation* arrayInfo = this->GetInputArrayInformation(0);
  return arrayInfo && arrayInfo->Has(vtkDataObject::FIELD_ASSOCIATION()) &&
    arrayInfo->Get(vtkDataObject::FIELD_ASSOCIATION()) == vtkDataObject::FIELD_ASSOCIATION_CELLS;
}

int vtkScoreFieldSuperResolution::FineSize(int coarse) const
{
  return this->TargetSize > 0 ? this->TargetSize : coarse * this->UpscaleFactor;
}

int vtkScoreFieldSuperResolution::RequestInformation(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkInformation* inInfo = inputVector[0]->GetInformationObject(0);
  vtkInformation* outInfo = outputVector->GetInformationObject(0);
  int ext[6];
  double origin[3], spacing[3];
  inInfo->Get(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), ext);
  inInfo->Get(vtkDataObject::ORIGIN(), origin);
  inInfo->Get(vtkDataObject::SPACING(), spacing);
  const auto plane = scorefield_plugin::FindPlane(ext, this->SelectedArrayIsCellData());
  if (!plane.Problem.empty())
  {
    return 1; // reported by RequestData, where the output is left empty
  }
  int fineExt[6];
  double fineOrigin[3], fineSpacing[3];
  scorefield_plugin::FineGeometry(
    plane, this->FineSize(plane.Columns), ext, origin, spacing, fineExt, fineOrigin, fineSpacing);
  outInfo->Set(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), fineExt, 6);
  outInfo->Set(vtkDataObject::ORIGIN(), fineOrigin, 3);
  outInfo->Set(vtkDataObject::SPACING(), fineSpacing, 3);
  return 1;
}

int vtkScoreFieldSuperResolution::RequestUpdateExtent(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector*)
{
  // The network needs the whole coarse field, whatever part of the fine one is asked for.
  vtkInformation* inInfo = inputVector[0]->GetInformationObject(0);
  int ext[6];
  inInfo->Get(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), ext);
  inInfo->Set(vtkStreamingDemandDrivenPipeline::UPDATE_EXTENT(), ext, 6);
  return 1;
}

namespace
{
std::string ArrayNames(vtkDataSetAttributes* attributes)
{
  std::ostringstream names;
  for (int i = 0; i < attributes->GetNumberOfArrays(); ++i)
  {
    if (const char* name = attributes->GetArrayName(i))
    {
      names << (names.tellp() > 0 ? ", " : "") << "'" << name << "'";
    }
  }
  return names.tellp() > 0 ? names.str() : std::string("none");
}

// The active scalars, or else the first one-component array.
vtkDataArray* FirstScalarArray(vtkDataSetAttributes* attributes)
{
  if (vtkDataArray* scalars = attributes->GetScalars())
  {
    return scalars;
  }
  for (int i = 0; i < attributes->GetNumberOfArrays(); ++i)
  {
    vtkDataArray* a = attributes->GetArray(i);
    if (a && a->GetNumberOfComponents() == 1)
    {
      return a;
    }
  }
  return nullptr;
}
}

int vtkScoreFieldSuperResolution::RequestData(
  vtkInformation*, vtkInformationVector** inputVector, vtkInformationVector* outputVector)
{
  vtkImageData* input = vtkImageData::GetData(inputVector[0]);
  vtkImageData* output = vtkImageData::GetData(outputVector);
  output->Initialize();

  vtkDataArray* array = this->GetInputArrayToProcess(0, inputVector);
  const bool cells = this->SelectedArrayIsCellData();
  vtkInformation* arrayInfo = this->GetInputArrayInformation(0);
  const char* name =
    arrayInfo->Has(vtkDataObject::FIELD_NAME()) ? arrayInfo->Get(vtkDataObject::FIELD_NAME()) : nullptr;
  if (!array && !cells && (!name || !*name))
  {
    // No array chosen (a script that did not set Input Array): the point scalars, as the CLI.
    array = FirstScalarArray(input->GetPointData());
  }
  if (!array)
  {
    vtkErrorMacro(<< "the input has no " << (cells ? "cell" : "point") << " array '"
                  << (name ? name : "(active scalars)") << "'; point arrays: "
                  << ArrayNames(input->GetPointData()) << "; cell arrays: "
                  << ArrayNames(input->GetCellData()) << ". Pick one of them as Input Array.");
    return 0;
  }
  if (array->GetNumberOfComponents() != 1)
  {
    vtkErrorMacro(<< "array '" << array->GetName() << "' has " << array->GetNumberOfComponents()
                  << " components; the models take scalar fields: pick a scalar array or extract "
                     "one component (Calculator)");
    return 0;
  }
  int ext[6];
  input->GetExtent(ext);
  const auto plane = scorefield_plugin::FindPlane(ext, cells);
  if (!plane.Problem.empty())
  {
    vtkErrorMacro(<< plane.Problem);
    return 0;
  }
  const int m = plane.Columns;
  const int n = this->FineSize(m);
  std::vector<float> coarse(static_cast<size_t>(m) * m);
  for (vtkIdType i = 0; i < static_cast<vtkIdType>(coarse.size()); ++i)
  {
    const double v = array->GetComponent(i, 0);
    if (!std::isfinite(v))
    {
      vtkErrorMacro(<< "array '" << array->GetName() << "' holds NaN or Inf (first at index " << i
                    << "); fill or mask them before super-resolving");
      return 0;
    }
    coarse[i] = static_cast<float>(v);
  }

  Run run;
  if (!this->OpenModel(run, 1))
  {
    return 0;
  }
  std::string ignored;
  const auto* api = scorefield_plugin::Engine(ignored);
  if (api->CheckSuperresGrid(run.Model, m, n) != SF_OK)
  {
    vtkErrorMacro(<< this->EngineError());
    return 0;
  }
  sf_sample_options options;
  this->FillOptions(&options);
  Ensemble ensemble;
  ensemble.Count = this->NumberOfSamples;
  ensemble.PointsPerSample = static_cast<vtkIdType>(n) * n;
  ensemble.Values.resize(static_cast<size_t>(ensemble.Count) * ensemble.PointsPerSample);
  const auto start = std::chrono::steady_clock::now();
  const int status =
    api->Superresolve(run.Model, coarse.data(), m, n, ensemble.Count, &options, ensemble.Values.data());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (status != SF_OK)
  {
    this->ReportEngineFailure(status, "super-resolution");
    return status == SF_ERR_CANCELLED ? 1 : 0;
  }

  int fineExt[6];
  double fineOrigin[3], fineSpacing[3];
  scorefield_plugin::FineGeometry(
    plane, n, ext, input->GetOrigin(), input->GetSpacing(), fineExt, fineOrigin, fineSpacing);
  output->SetExtent(fineExt);
  output->SetOrigin(fineOrigin);
  output->SetSpacing(fineSpacing);
  AddEnsembleArrays(ensemble, cells ? static_cast<vtkDataSetAttributes*>(output->GetCellData())
                                    : static_cast<vtkDataSetAttributes*>(output->GetPointData()));
  this->AddProvenance(output->GetFieldData(), run, seconds);
  return 1;
}

void vtkScoreFieldSuperResolution::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "UpscaleFactor: " << this->UpscaleFactor << "\n";
  os << indent << "TargetSize: " << this->TargetSize << "\n";
}
