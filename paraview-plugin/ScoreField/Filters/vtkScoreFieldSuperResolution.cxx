#include "vtkScoreFieldSuperResolution.h"

#include "ScoreFieldDistributed.h"
#include "ScoreFieldEngine.h"
#include "ScoreFieldGrid.h"
#include "ScoreFieldModelSearch.h"

#include "vtkCellData.h"
#include "vtkDataArray.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkImageData.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkMultiProcessController.h"
#include "vtkNew.h"
#include "vtkObjectFactory.h"
#include "vtkPointData.h"
#include "vtkStreamingDemandDrivenPipeline.h"

#include <algorithm>
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

// The field values [m][m] replaced by their restriction to [c][c] (the engine's spectral
// truncation).
bool RestrictInPlace(
  const scorefield_plugin::EngineApi* api, std::vector<float>& values, int m, int c)
{
  std::vector<float> restricted(static_cast<size_t>(c) * c);
  if (api->Restrict(values.data(), m, c, restricted.data()) != SF_OK)
  {
    return false;
  }
  values = std::move(restricted);
  return true;
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
  // In a parallel run (pvbatch, Catalyst) every rank holds a piece of the coarse image.
  vtkMultiProcessController* controller = vtkMultiProcessController::GetGlobalController();
  const bool distributed = controller && controller->GetNumberOfProcesses() > 1;
  const bool root = !distributed || controller->GetLocalProcessId() == 0;

  // Checks every rank can make on its own piece; in parallel all ranks then agree on the verdict.
  std::string problem;
  vtkDataArray* array = this->GetInputArrayToProcess(0, inputVector);
  const bool cells = this->SelectedArrayIsCellData();
  vtkInformation* arrayInfo = this->GetInputArrayInformation(0);
  const char* name = arrayInfo->Has(vtkDataObject::FIELD_NAME())
    ? arrayInfo->Get(vtkDataObject::FIELD_NAME())
    : nullptr;
  if (!array && !cells && (!name || !*name))
  {
    // No array chosen (a script that did not set Input Array): the point scalars, as the CLI.
    array = FirstScalarArray(input->GetPointData());
  }
  int whole[6], local[6];
  inputVector[0]->GetInformationObject(0)->Get(
    vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), whole);
  input->GetExtent(local);
  const auto plane = scorefield_plugin::FindPlane(distributed ? whole : local, cells);
  std::vector<float> values;
  if (!array)
  {
    problem = std::string("the input has no ") + (cells ? "cell" : "point") + " array '" +
      (name ? name : "(active scalars)") + "'; point arrays: " + ArrayNames(input->GetPointData()) +
      "; cell arrays: " + ArrayNames(input->GetCellData()) + ". Pick one of them as Input Array.";
  }
  else if (array->GetNumberOfComponents() != 1)
  {
    problem = "array '" + std::string(array->GetName()) + "' has " +
      std::to_string(array->GetNumberOfComponents()) +
      " components; the models take scalar fields: pick a scalar array or extract one component "
      "(Calculator)";
  }
  else if (!plane.Problem.empty())
  {
    problem = plane.Problem;
  }
  else if (this->ConditioningSize > plane.Columns ||
    (this->ConditioningSize > 0 && this->ConditioningSize < 2))
  {
    problem = "Conditioning Size " + std::to_string(this->ConditioningSize) + " does not fit the " +
      std::to_string(plane.Columns) + " x " + std::to_string(plane.Columns) +
      " input: it must lie between 2 and the input's size (the input is restricted to it), or be 0 "
      "to condition on "
      "the input grid itself";
  }
  else
  {
    values.resize(static_cast<size_t>(array->GetNumberOfTuples()));
    for (vtkIdType i = 0; i < array->GetNumberOfTuples() && problem.empty(); ++i)
    {
      const double v = array->GetComponent(i, 0);
      values[i] = static_cast<float>(v);
      if (!std::isfinite(v))
      {
        problem = "array '" + std::string(array->GetName()) +
          "' holds NaN or Inf (first at index " + std::to_string(i) +
          "); fill or mask them before super-resolving";
      }
    }
  }
  if (distributed)
  {
    problem = scorefield_plugin::AgreeOnError(controller, problem);
  }
  if (!problem.empty())
  {
    return this->Refuse(problem);
  }

  const int m = plane.Columns;
  const int n = this->FineSize(m);
  // The grid the model is conditioned on: the input's, or the input restricted to ConditioningSize.
  const int c = this->ConditioningSize > 0 ? this->ConditioningSize : m;
  // Pieces and requests in sample indices: points, or cells (one fewer than points on the plane).
  const auto samples = [&plane](const int extent[6], int out[6])
  {
    std::copy(extent, extent + 6, out);
    if (plane.Cells)
    {
      out[2 * plane.Axes[0] + 1] -= 1;
      out[2 * plane.Axes[1] + 1] -= 1;
    }
  };
  int wholeSamples[6], localSamples[6];
  samples(whole, wholeSamples);
  samples(local, localSamples);
  std::vector<float> coarse = distributed
    ? scorefield_plugin::GatherPlane(controller, plane.Axes, wholeSamples, localSamples, values)
    : std::move(values);

  // The model runs once, on rank 0.
  Run run;
  double seconds = 0.0;
  int status = SF_OK;
  Fields fields;
  if (root)
  {
    std::string ignored;
    const auto* api = scorefield_plugin::Engine(ignored);
    if (!this->OpenModel(run, 1))
    {
      status = SF_ERR_INVALID_ARGUMENT; // reported by OpenModel
    }
    else if (api->CheckSuperresGrid(run.Model, c, n) != SF_OK)
    {
      this->ReportError(std::string(this->EngineError()) +
        (c != m ? " (the model is conditioned on the input restricted to Conditioning Size)" : ""));
      status = SF_ERR_INVALID_ARGUMENT;
    }
    else if (c != m && !RestrictInPlace(api, coarse, m, c))
    {
      this->ReportError(this->EngineError());
      status = SF_ERR_INVALID_ARGUMENT;
    }
    else
    {
      const char* unlike = api->InputWarning(run.Model, coarse.data(), c);
      if (unlike && *unlike && this->WarnedUnlike != unlike)
      {
        vtkWarningMacro(<< unlike);
        this->WarnedUnlike = unlike;
      }
      Ensemble ensemble;
      status = this->DrawEnsemble(
        n,
        [&](const sf_sample_options* options, float* out) {
          return api->Superresolve(
            run.Model, coarse.data(), c, n, this->NumberOfSamples, options, out);
        },
        "super-resolution", ensemble, seconds);
      if (status == SF_OK)
      {
        fields = EnsembleFields(ensemble);
      }
    }
  }
  if (distributed)
  {
    double shared[4] = { static_cast<double>(status), seconds, run.LoadSeconds,
      run.Reused ? 1.0 : 0.0 };
    controller->Broadcast(shared, 4, 0);
    status = static_cast<int>(shared[0]);
    seconds = shared[1];
    run.LoadSeconds = shared[2];
    run.Reused = shared[3] != 0.0;
    if (!root && status != SF_OK)
    {
      this->ReportError("super-resolution failed on rank 0 (its message names the problem)");
    }
  }
  if (status != SF_OK)
  {
    return 1; // reported above; the output stays empty
  }

  int fineWhole[6];
  double fineOrigin[3], fineSpacing[3];
  scorefield_plugin::FineGeometry(plane, n, distributed ? whole : local, input->GetOrigin(),
    input->GetSpacing(), fineWhole, fineOrigin, fineSpacing);
  output->SetOrigin(fineOrigin);
  output->SetSpacing(fineSpacing);
  vtkDataSetAttributes* attributes = cells
    ? static_cast<vtkDataSetAttributes*>(output->GetCellData())
    : static_cast<vtkDataSetAttributes*>(output->GetPointData());
  if (!distributed)
  {
    output->SetExtent(fineWhole);
    AddFields(fields, attributes);
  }
  else
  {
    // Each rank gets the part of the fine grid the pipeline asked it for.
    int wanted[6], wantedSamples[6];
    outputVector->GetInformationObject(0)->Get(
      vtkStreamingDemandDrivenPipeline::UPDATE_EXTENT(), wanted);
    samples(wanted, wantedSamples);
    const int fineStart[2] = { fineWhole[2 * plane.Axes[0]], fineWhole[2 * plane.Axes[1]] };
    const int arrayCount = this->NumberOfSamples + 2;
    Fields mine;
    mine.Values = scorefield_plugin::ScatterFine(
      controller, plane.Axes, fineStart, n, fields.Values, arrayCount, wantedSamples);
    mine.Names = EnsembleNames(this->NumberOfSamples);
    output->SetExtent(wanted);
    AddFields(mine, attributes);
  }
  this->AddProvenance(output->GetFieldData(), run, seconds);
  vtkNew<vtkDoubleArray> conditioning; // the grid the samples are conditioned on (and restrict to)
  conditioning->SetName("conditioning_size");
  conditioning->InsertNextValue(c);
  output->GetFieldData()->AddArray(conditioning);
  return 1;
}

int* vtkScoreFieldSuperResolution::GetModelFactorRange()
{
  this->ModelFactorRange[0] = 2;
  this->ModelFactorRange[1] = 16;
  std::string error;
  const std::string path = scorefield_plugin::ResolveModel(this->ModelFile, 1, error);
  const auto opened = path.empty() ? scorefield_plugin::OpenedModel{}
                                   : scorefield_plugin::OpenModel(path, this->DeviceName(), error);
  if (opened.Handle)
  {
    int factors[16];
    const int count = opened.Handle->Api->ModelFactors(opened.Handle->Model, factors, 16);
    if (count > 0)
    {
      this->ModelFactorRange[0] = factors[0];
      this->ModelFactorRange[1] = factors[std::min(count, 16) - 1];
    }
  }
  return this->ModelFactorRange;
}

void vtkScoreFieldSuperResolution::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "UpscaleFactor: " << this->UpscaleFactor << "\n";
  os << indent << "TargetSize: " << this->TargetSize << "\n";
  os << indent << "ConditioningSize: " << this->ConditioningSize << "\n";
}
