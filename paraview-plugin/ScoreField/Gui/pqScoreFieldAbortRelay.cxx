#include "pqScoreFieldAbortRelay.h"

#include "ScoreFieldRunning.h"

#include "pqApplicationCore.h"
#include "pqCoreUtilities.h"
#include "pqProgressManager.h"
#include "pqProgressWidget.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFile>
#include <QTextStream>
#include <QToolButton>
#include <QWidget>

#include <cstdlib>

pqScoreFieldAbortRelay::pqScoreFieldAbortRelay(QObject* parent)
  : QObject(parent)
{
}

void pqScoreFieldAbortRelay::startup()
{
  pqProgressManager* manager = pqApplicationCore::instance()->getProgressManager();
  QObject::connect(
    manager, &pqProgressManager::progress, this, &pqScoreFieldAbortRelay::onProgress);
  QObject::connect(manager, &pqProgressManager::abort, this, &pqScoreFieldAbortRelay::onAbort);
  // The button goes grey again when the work is done, as ParaView leaves it for other filters.
  QObject::connect(manager, &pqProgressManager::progressEndEvent, this,
    [manager]() { manager->setEnableAbort(false); });
  this->SinceEvents.start();
}

void pqScoreFieldAbortRelay::shutdown()
{
  QObject::disconnect(pqApplicationCore::instance()->getProgressManager(), nullptr, this, nullptr);
}

QAbstractButton* pqScoreFieldAbortRelay::abortButton()
{
  if (!this->Button)
  {
    if (QWidget* main = pqCoreUtilities::mainWidget())
    {
      if (auto* progress = main->findChild<pqProgressWidget*>())
      {
        this->Button = progress->abortButton();
        pqApplicationCore::instance()->getProgressManager()->addNonBlockableObject(this->Button);
      }
    }
  }
  return this->Button;
}

void pqScoreFieldAbortRelay::onProgress(const QString&, int value)
{
  if (!scorefield_plugin::AnyRunning())
  {
    return;
  }
  pqApplicationCore::instance()->getProgressManager()->setEnableAbort(true);
  this->abortButton();
  this->clickForTest(value);
  // Clicks (only on the abort button: ParaView's progress manager blocks the rest while progress
  // is shown) and repaints, between two sampler steps; not at 0%, as ParaView itself avoids.
  if (value > 0 && this->SinceEvents.elapsed() >= 100)
  {
    QApplication::processEvents();
    this->SinceEvents.restart();
  }
}

void pqScoreFieldAbortRelay::onAbort()
{
  scorefield_plugin::AbortRunning();
}

void pqScoreFieldAbortRelay::clickForTest(int value)
{
  const char* at = std::getenv("SCOREFIELD_GUI_TEST_ABORT_AT");
  if (!at || this->Clicked || value < std::atoi(at))
  {
    return;
  }
  this->Clicked = true;
  QAbstractButton* button = this->abortButton();
  if (const char* log = std::getenv("SCOREFIELD_GUI_TEST_ABORT_LOG"))
  {
    QFile file(log);
    if (file.open(QIODevice::WriteOnly | QIODevice::Text))
    {
      QTextStream(&file) << "clicked_at_progress " << value << "\nbutton_enabled "
                         << (button && button->isEnabled() ? 1 : 0) << "\n";
    }
  }
  if (button)
  {
    button->click(); // the button's own signal, as a mouse click emits it
  }
}
