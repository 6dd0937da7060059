/** Provides the chosen time zone to every view that shows a time. */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../session/session-context';
import { storeZoneChoice, storedZoneChoice, zoneOf, type ZoneChoice } from './zone-choice';

interface Zone {
  readonly choice: ZoneChoice;
  /** The IANA zone the choice stands for. */
  readonly zone: string;
  readonly setChoice: (choice: ZoneChoice) => void;
}

const ZoneContext = createContext<Zone | undefined>(undefined);

export function ZoneProvider({ children }: { readonly children: ReactNode }) {
  const session = useSession();
  const [choice, setChoiceState] = useState<ZoneChoice>(storedZoneChoice);
  const value = useMemo<Zone>(
    () => ({
      choice,
      zone: zoneOf(choice, session.agencies),
      setChoice: (next) => {
        storeZoneChoice(next);
        setChoiceState(next);
      },
    }),
    [choice, session.agencies],
  );
  return <ZoneContext.Provider value={value}>{children}</ZoneContext.Provider>;
}

export function useZone(): Zone {
  const zone = useContext(ZoneContext);
  if (!zone) throw new Error('useZone outside ZoneProvider');
  return zone;
}
