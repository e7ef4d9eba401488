#include "vtkScoreFieldGridAlgorithm.h"

#include "vtkImageData.h"
#include "vtkInformation.h"
#include "vtkInformationVector.h"
#include "vtkStreamingDemandDrivenPipeline.h"

int vtkScoreFieldGridAlgorithm::RequestInformation(
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

void vtkScoreFieldGridAlgorithm::ShapeOutput(vtkImageData* output) const
{
  const double h = this->DomainSize / this->Resolution;
  output->SetExtent(0, this->Resolution - 1, 0, this->Resolution - 1, 0, 0);
  output->SetOrigin(this->Origin[0], this->Origin[1], this->Origin[2]);
  output->SetSpacing(h, h, h);
}

void vtkScoreFieldGridAlgorithm::PrintSelf(ostream& os, vtkIndent indent)
{
  this->Superclass::PrintSelf(os, indent);
  os << indent << "Resolution: " << this->Resolution << "\n";
  os << indent << "Origin: " << this->Origin[0] << " " << this->Origin[1] << " " << this->Origin[2]
     << "\n";
  os << indent << "DomainSize: " << this->DomainSize << "\n";
}
