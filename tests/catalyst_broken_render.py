# script-version: 2.0
"""A Catalyst script with a deliberately broken collective, for the watchdog test: rank 0 renders
the view (a collective of every rank in a parallel run) while the other ranks skip the render and
wait for a message nobody sends. Without a time limit the simulation would hang forever."""
from paraview import catalyst  # noqa: F401
from paraview.simple import CreateView, Render, Show, TrivialProducer
from vtkmodules.vtkParallelCore import vtkMultiProcessController

grid = TrivialProducer(registrationName="input")
view = CreateView("RenderView")
view.ViewSize = [200, 200]
Show(grid, view)

options = catalyst.Options()


def catalyst_execute(info):
    controller = vtkMultiProcessController.GetGlobalController()
    print("catalyst: broken render of step %d" % info.timestep, flush=True)
    if controller.GetLocalProcessId() == 0:
        Render(view)
    else:
        from vtkmodules.vtkCommonCore import vtkIntArray
        controller.Receive(vtkIntArray(), 0, 424242)
